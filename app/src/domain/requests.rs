//! Requests to a province's DPO (Law 91/2025/QH15, Art. 4 rights): their
//! kinds, the states a request goes through, which step may follow which
//! (and who may take it), and the reference people quote. Pure rules: the
//! workflow's pages and storage apply them. One file per concept below.

mod clocks;
mod confirmation;
mod events;
mod figures;
mod forms;
mod grounds;
mod kind;
mod page;
mod queue;
mod steps;
mod viewings;
mod workflow;

pub use clocks::*;
pub use confirmation::*;
pub use events::*;
pub use figures::*;
pub use forms::*;
pub use grounds::*;
pub use kind::*;
pub use page::*;
pub use queue::*;
pub use steps::*;
pub use viewings::*;
pub use workflow::*;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(status: RequestStatus) -> RequestState {
        RequestState {
            kind: RequestKind::Objection,
            status,
            extended: false,
            third_party: false,
            province: "HN".into(),
        }
    }

    #[test]
    fn a_request_is_acknowledged_asked_answered_decided_and_closed() {
        let mut state = at(RequestStatus::Submitted);
        for (step, actor, expected) in [
            (Step::Acknowledge, Actor::Dpo, RequestStatus::Acknowledged),
            (
                Step::RequestInformation,
                Actor::Dpo,
                RequestStatus::InformationRequested,
            ),
            (Step::Answer, Actor::Requester, RequestStatus::Acknowledged),
            (
                Step::Extend { days: 15 },
                Actor::Dpo,
                RequestStatus::Acknowledged,
            ),
            (
                Step::Decide(Decision::PartlyGranted),
                Actor::Dpo,
                RequestStatus::Decided,
            ),
            (Step::Close, Actor::Dpo, RequestStatus::Closed),
        ] {
            state = apply(&state, &step, actor).unwrap();
            assert_eq!(state.status, expected, "{step:?}");
        }
        assert!(state.extended);
    }

    #[test]
    fn invalid_steps_are_refused_with_a_reason() {
        let withdrawn = at(RequestStatus::Withdrawn);
        assert_eq!(
            apply(&withdrawn, &Step::Decide(Decision::Granted), Actor::Dpo),
            Err(StepError::Finished),
            "deciding a withdrawn request"
        );
        let mut extended = at(RequestStatus::Acknowledged);
        extended.extended = true;
        assert_eq!(
            apply(&extended, &Step::Extend { days: 3 }, Actor::Dpo),
            Err(StepError::AlreadyExtended),
            "extending twice"
        );
        let open = at(RequestStatus::Acknowledged);
        assert_eq!(
            apply(&open, &Step::Extend { days: 16 }, Actor::Dpo),
            Err(StepError::ExtensionTooLong)
        );
        assert_eq!(
            apply(
                &at(RequestStatus::Submitted),
                &Step::Decide(Decision::Refused),
                Actor::Dpo
            ),
            Err(StepError::OutOfOrder),
            "acknowledge first"
        );
        assert_eq!(
            apply(&open, &Step::Withdraw, Actor::Dpo),
            Err(StepError::RequesterOnly)
        );
        assert_eq!(
            apply(&open, &Step::Acknowledge, Actor::Requester),
            Err(StepError::DpoOnly)
        );
        assert_eq!(
            apply(
                &at(RequestStatus::Decided),
                &Step::Withdraw,
                Actor::Requester
            ),
            Err(StepError::OutOfOrder),
            "a decided request is complained about, not withdrawn"
        );
        assert_eq!(
            apply(
                &open,
                &Step::Transfer {
                    to_province: "HN".into()
                },
                Actor::Dpo
            ),
            Err(StepError::SameProvince)
        );
    }

    #[test]
    fn a_transfer_moves_the_request_and_keeps_its_status() {
        let moved = apply(
            &at(RequestStatus::Submitted),
            &Step::Transfer {
                to_province: "HUE".into(),
            },
            Actor::Dpo,
        )
        .unwrap();
        assert_eq!(moved.province, "HUE");
        assert_eq!(moved.status, RequestStatus::Submitted);
        assert_eq!(
            apply(
                &at(RequestStatus::Decided),
                &Step::Transfer {
                    to_province: "HUE".into()
                },
                Actor::Dpo
            ),
            Err(StepError::OutOfOrder)
        );
    }

    #[test]
    fn the_requester_withdraws_until_the_decision() {
        for status in [
            RequestStatus::Submitted,
            RequestStatus::Acknowledged,
            RequestStatus::InformationRequested,
        ] {
            let next = apply(&at(status), &Step::Withdraw, Actor::Requester).unwrap();
            assert_eq!(next.status, RequestStatus::Withdrawn);
        }
    }

    #[test]
    fn requests_go_to_the_agencys_province_the_national_unit_or_the_chosen_province() {
        let provincial = AgencyPlace {
            code: "HN-SYT".into(),
            province: Some("HN".into()),
        };
        let central = AgencyPlace {
            code: "BYT".into(),
            province: None,
        };
        assert_eq!(
            route(Some(&provincial), Some("HUE")),
            Some(Route::Province("HN".into())),
            "the agency decides, not the choice"
        );
        assert_eq!(route(Some(&central), Some("HUE")), Some(Route::National));
        assert_eq!(
            route(None, Some("HUE")),
            Some(Route::Province("HUE".into()))
        );
        assert_eq!(route(None, Some("  ")), None, "someone must triage it");
        assert_eq!(route(None, None), None);
    }

    #[test]
    fn public_figures_count_medians_and_timeliness_per_province_and_kind() {
        let handled = |province: &str, kind, days: Option<u32>, on_time: Option<bool>| Handled {
            province: province.into(),
            kind,
            days_to_decision: days,
            on_time,
            count: 1,
        };
        let all = [
            handled("HN", RequestKind::Correction, Some(4), Some(true)),
            handled("HN", RequestKind::Correction, Some(10), Some(true)),
            handled("HN", RequestKind::Correction, Some(30), Some(false)),
            handled("HN", RequestKind::Correction, None, None),
            handled("HN", RequestKind::Access, Some(3), Some(true)),
            handled("HN", RequestKind::Access, Some(6), Some(true)),
            handled("HUE", RequestKind::Access, None, None),
        ];
        let lines = figures(&all);
        assert_eq!(lines.len(), 3);
        let access = &lines[0];
        assert_eq!(
            (access.province.as_str(), access.kind),
            ("HN", RequestKind::Access)
        );
        assert_eq!(
            access.median_days,
            Some(4.5),
            "even count: the mean of the middle two"
        );
        assert_eq!(access.on_time_share, Some(1.0));
        let correction = &lines[1];
        assert_eq!((correction.received, correction.decided), (4, 3));
        assert_eq!(correction.median_days, Some(10.0));
        assert!((correction.on_time_share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        let hue = &lines[2];
        assert_eq!((hue.received, hue.decided), (1, 0));
        assert_eq!((hue.median_days, hue.on_time_share), (None, None));
        assert!(figures(&[]).is_empty());

        // Counted lines give what the same requests one by one give.
        let counted = |days: Option<u32>, on_time: Option<bool>, count| Handled {
            count,
            ..handled("HN", RequestKind::Deletion, days, on_time)
        };
        let lines = figures(&[
            counted(Some(2), Some(true), 3),
            counted(Some(9), Some(false), 1),
            counted(Some(20), Some(false), 2),
            counted(None, None, 4),
        ]);
        // Days 2, 2, 2, 9, 20, 20: the middle two are 2 and 9.
        assert_eq!((lines[0].received, lines[0].decided), (10, 6));
        assert_eq!(lines[0].median_days, Some(5.5));
        assert_eq!(lines[0].on_time_share, Some(0.5));
        let one_by_one: Vec<Handled> = [
            (2, true),
            (2, true),
            (2, true),
            (9, false),
            (20, false),
            (20, false),
        ]
        .into_iter()
        .map(|(d, t)| counted(Some(d), Some(t), 1))
        .collect();
        assert_eq!(figures(&one_by_one)[0].median_days, Some(5.5));
    }

    #[test]
    fn references_read_back() {
        assert_eq!(reference(2026, 123), "YC-2026-000123");
        assert_eq!(parse_reference(" YC-2026-000123 "), Some((2026, 123)));
        assert_eq!(parse_reference("YC-2026-1234567"), Some((2026, 1_234_567)));
        for bad in [
            "YC-26-000123",
            "XX-2026-000123",
            "YC-2026-12",
            "YC-2026-00012a",
            "",
        ] {
            assert_eq!(parse_reference(bad), None, "{bad}");
        }
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::from_code(kind.code()), Some(*kind));
        }
    }

    fn content(seq: i64, kind: EventKind) -> EventContent {
        EventContent {
            reference: "YC-2026-000001".into(),
            seq,
            at: 1_790_000_000 + seq,
            actor_role: EventActor::Dpo,
            actor: Some("p-1".into()),
            actor_name: "Phạm Minh Đức".into(),
            kind,
            detail: EventDetail::default(),
            body: String::new(),
        }
    }

    fn sealed(contents: Vec<EventContent>) -> Vec<RequestEvent> {
        let mut previous = crate::domain::sharing::GENESIS.to_owned();
        contents
            .into_iter()
            .map(|c| {
                let event = RequestEvent::seal(c, &previous);
                previous.clone_from(&event.chain_hash);
                event
            })
            .collect()
    }

    #[test]
    fn the_audit_chain_finds_an_edit_a_gap_and_a_relinked_event() {
        let events = sealed(vec![
            content(1, EventKind::Submitted),
            content(2, EventKind::Acknowledged),
            content(3, EventKind::Decided),
        ]);
        assert_eq!(verify_events(&events), Ok(()));
        let mut edited = events.clone();
        edited[1].content.detail.reason = Some("not-held".into());
        assert_eq!(verify_events(&edited), Err(ChainBreak(2)));
        let gap = vec![events[0].clone(), events[2].clone()];
        assert_eq!(verify_events(&gap), Err(ChainBreak(2)));
        // An event resealed on its own keeps a valid content hash but no
        // longer follows from the one before.
        let mut relinked = events.clone();
        relinked[1].content.body = "changed".into();
        relinked[1] = RequestEvent::seal(relinked[1].content.clone(), "ff");
        assert_eq!(verify_events(&relinked), Err(ChainBreak(2)));
        // Every field counts.
        let base = content(1, EventKind::Message);
        let mut variants = vec![base.clone()];
        let mut v = base.clone();
        v.actor = None;
        variants.push(v);
        let mut v = base.clone();
        v.detail.attachments = vec!["a".into()];
        variants.push(v);
        let mut v = base.clone();
        v.detail.days = Some(3);
        variants.push(v);
        let mut v = base.clone();
        v.actor_role = EventActor::Requester;
        variants.push(v);
        let hashes: std::collections::HashSet<_> =
            variants.iter().map(EventContent::content_hash).collect();
        assert_eq!(hashes.len(), variants.len());
    }

    #[test]
    fn refusals_rest_on_the_laws_grounds_for_the_kind() {
        assert!(ground_fits(
            "done-as-asked",
            Decision::Granted,
            RequestKind::Access
        ));
        assert!(!ground_fits(
            "done-as-asked",
            Decision::Refused,
            RequestKind::Access
        ));
        assert!(ground_fits(
            "copy-would-harm",
            Decision::Refused,
            RequestKind::Access
        ));
        assert!(!ground_fits(
            "copy-would-harm",
            Decision::Refused,
            RequestKind::Deletion
        ));
        assert!(ground_fits(
            "no-consent-needed",
            Decision::PartlyGranted,
            RequestKind::Deletion
        ));
        assert!(!ground_fits(
            "made-up",
            Decision::Refused,
            RequestKind::Access
        ));
        assert!(!ground_fits(
            "not-held",
            Decision::Refused,
            RequestKind::Access
        ));
        for &kind in RequestKind::ALL {
            for &decision in Decision::ALL {
                assert!(
                    grounds_for(kind).any(|g| g.decisions.contains(&decision)),
                    "{kind:?} can be {decision:?}"
                );
            }
        }
        for g in &GROUNDS {
            assert!(!g.text_vi.is_empty() && !g.text_en.is_empty() && !g.citation_en.is_empty());
        }
    }

    #[test]
    fn a_person_files_within_their_quota() {
        let limits = FilingLimits {
            requests_per_day: 2,
            stored_bytes: 1_000,
        };
        let used = |filed_today, stored_bytes| FilingUsage {
            filed_today,
            stored_bytes,
        };
        assert!(limits.allows(used(1, 0), true, 1_000).is_ok());
        let daily = limits.allows(used(2, 0), true, 0).unwrap_err();
        assert_eq!(daily.message_id, "request-error-daily-quota");
        // A message is not a request: only its bytes count.
        assert!(limits.allows(used(2, 0), false, 10).is_ok());
        let stored = limits.allows(used(0, 990), false, 11).unwrap_err();
        assert_eq!(stored.message_id, "request-error-stored-quota");
        assert!(
            limits.allows(used(0, u64::MAX), false, 0).is_err(),
            "no overflow"
        );
    }

    #[test]
    fn the_browser_count_is_the_length_the_server_checks() {
        assert_eq!(length_as_sent("  xin chào \n"), "xin chào".chars().count());
        // Each line break is sent as CR LF: two characters.
        assert_eq!(length_as_sent("a\nb"), 4);
        assert_eq!(length_as_sent("a\r\nb"), 4);
        let typed = format!("{}\n", "ă".repeat(MAX_TEXT - 1)) + "b";
        assert_eq!(length_as_sent(&typed), MAX_TEXT + 2);
        assert!(check_text(&typed.replace('\n', "\r\n"), "description").is_err());
    }

    proptest::proptest! {
        #[test]
        fn the_count_matches_what_the_server_receives(typed in "[a-zăơ \n\t]{0,40}") {
            let sent = typed.replace('\n', "\r\n");
            proptest::prop_assert_eq!(length_as_sent(&typed), sent.trim().chars().count());
        }
    }

    #[test]
    fn text_and_email_are_checked() {
        assert_eq!(
            check_text("  xin chào ", "description").unwrap(),
            "xin chào"
        );
        assert_eq!(
            check_text("   ", "description").unwrap_err().message_id,
            "request-error-text-missing"
        );
        assert_eq!(
            check_text(&"ă".repeat(MAX_TEXT + 1), "description")
                .unwrap_err()
                .message_id,
            "request-error-text-too-long"
        );
        assert!(check_text(&"ă".repeat(MAX_TEXT), "description").is_ok());
        assert_eq!(check_email(" ").unwrap(), None);
        assert_eq!(
            check_email(" mai@example.vn ").unwrap().as_deref(),
            Some("mai@example.vn")
        );
        for bad in [
            "mai",
            "mai@",
            "@x.vn",
            "mai@vn",
            "m ai@x.vn",
            "a@b@c.vn",
            "a@.vn",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn queue_filters_and_cursors_read_back() {
        let filter = QueueFilter::parse("submitted", "correction", " HN-SYT ", true, "5", "desc");
        assert_eq!(filter.status, Some(RequestStatus::Submitted));
        assert_eq!(filter.kind, Some(RequestKind::Correction));
        assert_eq!(filter.agency.as_deref(), Some("HN-SYT"));
        assert_eq!(filter.due_within, Some(5));
        assert!(filter.descending && filter.overdue);
        let loose = QueueFilter::parse("nonsense", "", "", false, "-1", "");
        assert_eq!(loose, QueueFilter::default());
        let cursor = QueueCursor {
            decide_by: "2026-12-21".into(),
            id: 42,
        };
        assert_eq!(QueueCursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(QueueCursor::decode("2026-13-01.4"), None);
        assert_eq!(QueueCursor::decode("2026-12-01.x"), None);
    }
}
