//! The public figures: requests received and decided per province and kind.

use serde::{Deserialize, Serialize};

use super::kind::RequestKind;

/// What the public figures need of requests: how many of one province and
/// kind took the same days to a decision, in time or not. The store counts
/// them, so the figures cost the same whatever the number of requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handled {
    pub province: String,
    pub kind: RequestKind,
    /// Days from receipt to decision; None while undecided (or withdrawn).
    pub days_to_decision: Option<u32>,
    /// Whether the decision came by the (possibly extended) deadline.
    pub on_time: Option<bool>,
    /// How many requests these are.
    pub count: u32,
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
            let mut days: Vec<(u32, u32)> = group
                .iter()
                .filter_map(|r| r.days_to_decision.map(|d| (d, r.count)))
                .collect();
            days.sort_unstable();
            let decided: u32 = days.iter().map(|(_, n)| n).sum();
            // The day of the k-th decision (from 0), counting each day as
            // often as requests took it.
            let nth = |k: u32| {
                let mut seen = 0;
                days.iter()
                    .find(|(_, n)| {
                        seen += n;
                        seen > k
                    })
                    .map_or(0, |(d, _)| *d)
            };
            let median_days = match decided {
                0 => None,
                n if n % 2 == 1 => Some(f64::from(nth(n / 2))),
                n => Some((f64::from(nth(n / 2 - 1)) + f64::from(nth(n / 2))) / 2.0),
            };
            let judged: u32 = group
                .iter()
                .filter(|r| r.on_time.is_some())
                .map(|r| r.count)
                .sum();
            let in_time: u32 = group
                .iter()
                .filter(|r| r.on_time == Some(true))
                .map(|r| r.count)
                .sum();
            let on_time_share = (judged > 0).then(|| f64::from(in_time) / f64::from(judged));
            Figures {
                province: group[0].province.clone(),
                kind: group[0].kind,
                received: group.iter().map(|r| r.count).sum(),
                decided,
                median_days,
                on_time_share,
            }
        })
        .collect()
}
