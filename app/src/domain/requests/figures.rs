//! The public figures: requests received and decided per province and kind.

use serde::{Deserialize, Serialize};

use super::kind::RequestKind;

/// What the public figures need of one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handled {
    pub province: String,
    pub kind: RequestKind,
    /// Days from receipt to decision; None while undecided (or withdrawn).
    pub days_to_decision: Option<u32>,
    /// Whether the decision came by the (possibly extended) deadline.
    pub on_time: Option<bool>,
}

/// One line of the public page: a province and kind of request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub province: String,
    pub kind: RequestKind,
    pub received: u32,
    pub decided: u32,
    /// Median days to decision over the decided ones.
    pub median_days: Option<f64>,
    /// Share of the decided ones decided on time, 0 to 1.
    pub on_time_share: Option<f64>,
}

/// The public figures per province and kind, in province then kind order.
pub fn figures(requests: &[Handled]) -> Vec<Figures> {
    let mut groups: std::collections::BTreeMap<(String, usize), Vec<&Handled>> =
        std::collections::BTreeMap::new();
    for request in requests {
        let kind_order = RequestKind::ALL
            .iter()
            .position(|k| *k == request.kind)
            .unwrap_or(0);
        groups
            .entry((request.province.clone(), kind_order))
            .or_default()
            .push(request);
    }
    groups
        .into_values()
        .map(|group| {
            let mut days: Vec<u32> = group.iter().filter_map(|r| r.days_to_decision).collect();
            days.sort_unstable();
            let median_days = match days.len() {
                0 => None,
                n if n % 2 == 1 => Some(f64::from(days[n / 2])),
                n => Some((f64::from(days[n / 2 - 1]) + f64::from(days[n / 2])) / 2.0),
            };
            let judged: Vec<bool> = group.iter().filter_map(|r| r.on_time).collect();
            let on_time_share = (!judged.is_empty())
                .then(|| judged.iter().filter(|t| **t).count() as f64 / judged.len() as f64);
            Figures {
                province: group[0].province.clone(),
                kind: group[0].kind,
                received: group.len() as u32,
                decided: days.len() as u32,
                median_days,
                on_time_share,
            }
        })
        .collect()
}
