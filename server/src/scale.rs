//! Scale data for benchmarks and load tests: many fictional people with
//! holdings and sharing histories between real kinds of agencies across
//! the 34 provinces. Deterministic from a seed: the same flags always give
//! the same people, holdings and events, so a rerun appends nothing (every
//! event comes back as a duplicate of itself).
//!
//! Events go through the same chained append as the agencies' API, in
//! large batches. People are written in the order of their pseudonyms, so
//! the per-person index grows at its end (a bulk load by person, as a
//! backfill from agencies' archives would be).

use std::time::Instant;

use app::{
    domain::{
        PersonalId, Province,
        sharing::{HoldingRecord, Outcome},
    },
    server::{NewSharingEvent, Store},
};

use crate::{
    auth::Pseudonymizer,
    demo::{self, FAMILY, FLOWS, GIVEN, HISTORY_END, HISTORY_START, HOLDING_KINDS, MIDDLE, Seeded},
    sharing_log::CheckpointSigner,
    startup::{StartupError, append_failed},
};

/// What to generate: `server generate --people N --events N [--seed N]
/// [--batch N]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::Args)]
pub struct ScaleSpec {
    /// The generator's seed: the same seed gives the same people and events.
    #[arg(long, default_value_t = 1, value_parser = crate::cli::whole_number)]
    pub seed: u64,
    /// How many people (each with holdings and a sharing history).
    #[arg(long, value_parser = people_count)]
    pub people: u64,
    /// How many sharing events in all.
    #[arg(long, default_value_t = 0, value_parser = crate::cli::whole_number)]
    pub events: u64,
    /// Events per append (one transaction each).
    #[arg(long, default_value_t = 5_000, value_parser = batch_size)]
    pub batch: usize,
}

/// The most people the numbering allows (8-digit serials below the demo
/// people's numbers).
pub const MAX_PEOPLE: u64 = 50_000_000;

fn people_count(text: &str) -> Result<u64, String> {
    crate::cli::whole_number_in(text, 1, MAX_PEOPLE)
}

fn batch_size(text: &str) -> Result<usize, String> {
    crate::cli::whole_number_in(text, 1, 50_000).map(|n| n as usize)
}

impl ScaleSpec {
    /// Reads `--people N --events N [--seed N] [--batch N]`.
    pub fn parse(args: &[String]) -> Result<ScaleSpec, String> {
        crate::cli::parse_flags(args)
    }
}

/// One generated person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalePerson {
    /// Place in the generation (0-based); names the person's number.
    pub index: u64,
    pub pseudonym: String,
    /// Index of the home province.
    pub home: usize,
    pub events: u32,
}

/// A generated person's 12-digit number: birth-province code (001–034 here),
/// century-and-sex digit, 8-digit serial. Serials stay below 50,000,000, so
/// the demo people's numbers (serials from 80,000,000) never come up.
pub fn personal_id(index: u64, home: usize) -> String {
    format!("{:03}{}{:08}", home + 1, index % 2, index)
}

/// A generated person's name (for signing in as them in a benchmark).
pub fn name(seed: u64, index: u64) -> String {
    let mut random = Seeded::new(seed ^ index.wrapping_mul(0x51_7CC1_B727_220A));
    let family = FAMILY[random.below(FAMILY.len())];
    let middle = MIDDLE[random.below(MIDDLE.len())];
    let given = GIVEN[random.below(GIVEN.len())];
    format!("{family} {middle} {given}")
}

/// The people, in pseudonym order, with their number of events. Counts
/// follow an exponential spread with a heavy tail (one person in a
/// thousand shares twenty times as often) and add up to `spec.events`.
pub fn people(
    spec: &ScaleSpec,
    provinces: usize,
    pseudonymizer: &Pseudonymizer,
) -> Vec<ScalePerson> {
    let mut random = Seeded::new(spec.seed);
    let mut weights = Vec::with_capacity(spec.people as usize);
    let mut people = Vec::with_capacity(spec.people as usize);
    for index in 0..spec.people {
        let home = random.below(provinces.max(1));
        // (0, 1]: never ln(0).
        let u = (random.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let heavy = if random.below(1000) == 0 { 20.0 } else { 1.0 };
        weights.push(-(1.0 - u).ln() * heavy);
        let id = PersonalId::parse(&personal_id(index, home))
            .map(|id| pseudonymizer.pseudonym(&id).as_str().to_owned())
            .unwrap_or_default();
        people.push(ScalePerson {
            index,
            pseudonym: id,
            home,
            events: 0,
        });
    }
    // Whole counts from the running total, so they add up exactly.
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mut running = 0.0;
    let mut given = 0u64;
    for (person, weight) in people.iter_mut().zip(&weights) {
        running += weight;
        let until = ((running / total) * spec.events as f64).round() as u64;
        let until = until.min(spec.events);
        person.events = u32::try_from(until.saturating_sub(given)).unwrap_or(u32::MAX);
        given = until.max(given);
    }
    if let Some(last) = people.last_mut() {
        last.events += u32::try_from(spec.events - given).unwrap_or(0);
    }
    people.sort_by(|a, b| a.pseudonym.cmp(&b.pseudonym));
    people
}

/// One person's holdings and events. `serial` numbers the events (the
/// agencies' event ids) across the whole run.
pub fn history(
    spec: &ScaleSpec,
    person: &ScalePerson,
    province_code: &str,
    serial: &mut u64,
) -> (Vec<HoldingRecord>, Vec<NewSharingEvent>) {
    let mut random = Seeded::new(spec.seed ^ (person.index + 1).wrapping_mul(0x9E37_79B9));
    let place = |code: &str| code.replace("{P}", province_code);
    // Everyone is in the population and insurance databases; the rest
    // depends on the person.
    let mut holdings = Vec::with_capacity(HOLDING_KINDS.len());
    for (i, kind) in HOLDING_KINDS.iter().enumerate() {
        if i < 2 || random.below(3) > 0 {
            let updated_at = HISTORY_START + random.below(500) as i64 * 86_400;
            holdings.push(kind.record(&person.pseudonym, &place, updated_at));
        }
    }
    let mut times: Vec<i64> = (0..person.events)
        .map(|_| HISTORY_START + random.below((HISTORY_END - HISTORY_START) as usize) as i64)
        .collect();
    times.sort_unstable();
    let label = format!("S{}", spec.seed);
    let events = times
        .into_iter()
        .map(|occurred_at| {
            *serial += 1;
            // One in two hundred is a police request, a third of them
            // with disclosure deferred for up to two years.
            let (flow, visible_from) = if random.below(200) == 0 {
                let deferred =
                    (random.below(3) == 0).then(|| occurred_at + random.below(730) as i64 * 86_400);
                (&FLOWS[FLOWS.len() - 1], deferred)
            } else {
                (&FLOWS[random.below(FLOWS.len() - 1)], None)
            };
            let mut event = demo::event(
                flow,
                &place,
                &person.pseudonym,
                (&label, *serial),
                occurred_at,
                &mut random,
                visible_from,
            );
            if visible_from.is_some() {
                event.details.outcome = Outcome::Provided;
            }
            event
        })
        .collect();
    (holdings, events)
}

/// What a run wrote.
#[derive(Debug)]
pub struct ScaleSummary {
    pub people: u64,
    pub events_appended: u64,
    pub events_repeated: u64,
    pub holdings: u64,
    pub seconds: f64,
    /// The person with the most events: number, name, events.
    pub busiest: (String, String, u32),
    /// A person with the median number of events.
    pub typical: (String, String, u32),
}

/// Generates and writes the data, printing progress to stderr.
pub async fn generate(
    store: &dyn Store,
    spec: &ScaleSpec,
    provinces: &[Province],
    pseudonymizer: &Pseudonymizer,
    signer: &CheckpointSigner,
) -> Result<ScaleSummary, StartupError> {
    let started = Instant::now();
    let people = people(spec, provinces.len(), pseudonymizer);
    eprintln!(
        "{} people in pseudonym order ({:.1} s); writing",
        people.len(),
        started.elapsed().as_secs_f64()
    );
    let mut summary = ScaleSummary {
        people: people.len() as u64,
        events_appended: 0,
        events_repeated: 0,
        holdings: 0,
        seconds: 0.0,
        busiest: Default::default(),
        typical: Default::default(),
    };
    let mut serial = 0;
    let mut events = Vec::with_capacity(spec.batch);
    let mut holdings = Vec::with_capacity(spec.batch);
    let mut head = None;
    let mut reported = 0;
    for person in &people {
        let province = &provinces[person.home].code;
        let (mut h, mut e) = history(spec, person, province, &mut serial);
        holdings.append(&mut h);
        events.append(&mut e);
        if holdings.len() >= spec.batch {
            summary.holdings += holdings.len() as u64;
            store
                .upsert_holdings(&holdings)
                .await
                .map_err(StartupError::Demo)?;
            holdings.clear();
        }
        while events.len() >= spec.batch {
            let rest = events.split_off(spec.batch);
            append(store, &events, &mut summary, &mut head).await?;
            events = rest;
            let done = summary.events_appended + summary.events_repeated;
            if done >= reported + 1_000_000 {
                reported = done;
                eprintln!(
                    "{done} events, {:.0} events/s",
                    done as f64 / started.elapsed().as_secs_f64()
                );
            }
        }
    }
    if !holdings.is_empty() {
        summary.holdings += holdings.len() as u64;
        store
            .upsert_holdings(&holdings)
            .await
            .map_err(StartupError::Demo)?;
    }
    if !events.is_empty() {
        append(store, &events, &mut summary, &mut head).await?;
    }
    if let Some((seq, hash)) = head
        && summary.events_appended > 0
    {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        store
            .insert_checkpoint(&signer.sign(seq, &hash, now))
            .await
            .map_err(StartupError::Demo)?;
    }
    let describe = |person: &ScalePerson| {
        (
            personal_id(person.index, person.home),
            name(spec.seed, person.index),
            person.events,
        )
    };
    if let Some(busiest) = people
        .iter()
        .max_by_key(|p| (p.events, std::cmp::Reverse(p.index)))
    {
        summary.busiest = describe(busiest);
    }
    let mut counts: Vec<&ScalePerson> = people.iter().collect();
    counts.sort_by_key(|p| (p.events, p.index));
    if let Some(typical) = counts.get(counts.len() / 2) {
        summary.typical = describe(typical);
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Appends one batch and counts it; `head` becomes the chain's new head.
async fn append(
    store: &dyn Store,
    events: &[NewSharingEvent],
    summary: &mut ScaleSummary,
    head: &mut Option<(i64, String)>,
) -> Result<(), StartupError> {
    let outcome = store
        .append_sharing_events(events)
        .await
        .map_err(append_failed)?;
    summary.events_appended += outcome.accepted as u64;
    summary.events_repeated += outcome.duplicates as u64;
    *head = Some((outcome.head_seq, outcome.head_hash));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudonymizer() -> Pseudonymizer {
        Pseudonymizer::new(&[7u8; 32]).unwrap()
    }

    fn spec(people: u64, events: u64) -> ScaleSpec {
        ScaleSpec {
            seed: 42,
            people,
            events,
            batch: 100,
        }
    }

    #[test]
    fn counts_add_up_exactly_and_people_come_in_pseudonym_order() {
        for (n, m) in [(1, 5), (7, 0), (1_000, 10_000), (999, 12_345)] {
            let people = people(&spec(n, m), 34, &pseudonymizer());
            assert_eq!(people.len() as u64, n);
            assert_eq!(people.iter().map(|p| u64::from(p.events)).sum::<u64>(), m);
            assert!(people.windows(2).all(|w| w[0].pseudonym < w[1].pseudonym));
        }
    }

    #[test]
    fn the_spread_has_a_tail_and_the_same_seed_gives_the_same_data() {
        let a = people(&spec(2_000, 20_000), 34, &pseudonymizer());
        let b = people(&spec(2_000, 20_000), 34, &pseudonymizer());
        assert_eq!(a, b);
        let max = a.iter().map(|p| p.events).max().unwrap();
        assert!(max >= 40, "busiest has {max}, mean 10");
        let other = people(
            &ScaleSpec {
                seed: 43,
                ..spec(2_000, 20_000)
            },
            34,
            &pseudonymizer(),
        );
        assert_ne!(a, other);
    }

    #[test]
    fn numbers_are_valid_distinct_and_never_a_demo_persons() {
        let ids: std::collections::HashSet<String> = (0..5_000u64)
            .map(|i| personal_id(i * 9_973, (i % 34) as usize))
            .collect();
        assert_eq!(ids.len(), 5_000);
        assert!(ids.iter().all(|id| PersonalId::parse(id).is_ok()));
        assert_eq!(personal_id(MAX_PEOPLE - 1, 33), "034149999999");
        for persona in &demo::PERSONAS {
            let serial: u64 = persona.personal_id[4..].parse().unwrap();
            assert!(serial >= MAX_PEOPLE, "{}", persona.personal_id);
        }
    }

    #[test]
    fn histories_have_the_counted_events_in_time_order_with_unique_ids() {
        let spec = spec(50, 2_000);
        let people = people(&spec, 34, &pseudonymizer());
        let mut serial = 0;
        let mut ids = std::collections::HashSet::new();
        for person in &people {
            let (holdings, events) = history(&spec, person, "HN", &mut serial);
            assert!((2..=6).contains(&holdings.len()));
            assert_eq!(events.len(), person.events as usize);
            assert!(
                events
                    .windows(2)
                    .all(|w| w[0].details.occurred_at <= w[1].details.occurred_at)
            );
            for event in &events {
                assert_eq!(event.pseudonym, person.pseudonym);
                assert!(ids.insert(event.details.event_id.clone()));
            }
        }
        assert_eq!(serial, 2_000);
    }

    #[test]
    fn flags_are_checked() {
        let args = |text: &str| {
            text.split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ScaleSpec::parse(&args("--people 1_000_000 --events 10000000 --seed 3")),
            Ok(ScaleSpec {
                seed: 3,
                people: 1_000_000,
                events: 10_000_000,
                batch: 5_000
            })
        );
        assert!(ScaleSpec::parse(&args("--events 10")).is_err());
        assert!(ScaleSpec::parse(&args("--people ten")).is_err());
        assert!(ScaleSpec::parse(&args("--people 10 --color red")).is_err());
        assert!(ScaleSpec::parse(&args("--people 10 --batch 0")).is_err());
    }
}
