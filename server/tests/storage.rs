//! One storage suite, run on SQLite and on PostgreSQL. The PostgreSQL half
//! needs `TEST_POSTGRES_URL` (a database whose user may create databases);
//! each test gets a throwaway database of its own. Under `CI` a missing URL
//! is a failure, not a skip.

use std::{collections::BTreeSet, fs, path::Path, sync::Arc};

use app::{
    domain::appointments::{AppointmentForm, ChangeKind},
    domain::requests::Addressee,
    domain::{
        AccountEvent, AccountEventKind, DataProtectionOfficer, Lang, Province, ProvinceKind, Role,
        RoleGrant,
        consent::{
            ActorRole, ConsentAction, ConsentChainBreak, ConsentError, ConsentFlag, ConsentState,
            RepresentedKind, verify_consent_chain,
        },
        sharing::{
            Outcome, SharingDetails, SharingFilter, SharingMethod, SharingMode, TimelinePlace,
        },
    },
    server::{
        Actor, Appointed, ConsentCommand, ConsentWriteError, DemoData, NewSharingEvent, Store,
        StoreError,
    },
};
use server::{
    auth::Pseudonymizer,
    config::{Settings, SqliteSynchronous},
    fixtures::demo,
    storage::{self, DbSessionStore, PgStore, SqliteStore},
};
use tower_sessions::{
    ExpiredDeletion as _, SessionStore as _,
    session::{Id, Record},
};

fn pseudonymizer() -> Pseudonymizer {
    Pseudonymizer::new(&[9u8; 32]).unwrap()
}

fn demo_data(provinces: &[Province]) -> DemoData {
    demo::demo_data(provinces, &pseudonymizer())
}
use sqlx::Connection as _;

/// Where a fresh, empty database for one test lives.
enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

impl Backend {
    fn sqlite() -> Backend {
        Backend::Sqlite(tempfile::tempdir().unwrap())
    }

    async fn postgres() -> Option<Backend> {
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "TEST_POSTGRES_URL must be set in CI: the PostgreSQL suite may not be skipped"
            );
            eprintln!("TEST_POSTGRES_URL not set: skipping the PostgreSQL run");
            return None;
        };
        let name = format!("storage_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        let (_, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
        let url = if query.is_empty() {
            format!("{base}/{name}")
        } else {
            let base = base.split('?').next().unwrap();
            format!("{base}/{name}?{query}")
        };
        Some(Backend::Postgres(url))
    }

    fn url(&self) -> String {
        match self {
            Backend::Sqlite(dir) => format!("sqlite://{}/test.db", dir.path().display()),
            Backend::Postgres(url) => url.clone(),
        }
    }

    /// Opens a new store (a new pool) on this backend's database.
    async fn open(&self) -> Arc<dyn Store> {
        match self {
            Backend::Sqlite(_) => Arc::new(
                SqliteStore::connect(&self.url(), SqliteSynchronous::Full, 4)
                    .await
                    .unwrap(),
            ),
            Backend::Postgres(url) => Arc::new(PgStore::connect(url, 4).await.unwrap()),
        }
    }

    /// The session store on this backend's database (migrated already).
    async fn sessions(&self) -> DbSessionStore {
        match self {
            Backend::Sqlite(_) => SqliteStore::connect(&self.url(), SqliteSynchronous::Full, 4)
                .await
                .unwrap()
                .session_store(),
            Backend::Postgres(url) => PgStore::connect(url, 4).await.unwrap().session_store(),
        }
    }

    /// Rows in the sessions table, expired or not.
    async fn session_rows(&self) -> i64 {
        let sql = "SELECT COUNT(*) FROM sessions";
        match self {
            Backend::Sqlite(_) => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url()).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
            }
            Backend::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
            }
        }
    }

    /// Runs one statement behind the store's back (tampering tests).
    async fn execute(&self, sql: &str) {
        match self {
            Backend::Sqlite(_) => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url()).await.unwrap();
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
            Backend::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        }
    }

    /// Opens the store the way the server does, from settings.
    async fn open_from_settings(&self) -> Arc<dyn Store> {
        let url = self.url();
        let settings = Settings::from_source(|name| match name {
            "DATABASE_URL" => Some(url.clone()),
            _ => None,
        })
        .unwrap();
        storage::connect(&settings).await.unwrap().store
    }
}

async fn officer_count(store: &dyn Store) -> usize {
    store.list_data_protection_officers().await.unwrap().len()
}

async fn migrations_create_the_34_provinces_in_listing_order(backend: Backend) {
    let store = backend.open_from_settings().await;
    store.ping().await.unwrap();
    let provinces = store.list_provinces().await.unwrap();
    assert_eq!(provinces.len(), 34);
    assert_eq!(provinces[0].name_vi, "Hà Nội");
    assert_eq!(provinces[1].name_vi, "Thành phố Hồ Chí Minh");
    let cities = provinces
        .iter()
        .take_while(|p| p.kind == ProvinceKind::City)
        .count();
    assert_eq!(cities, 6, "the 6 cities come first");
    assert!(
        provinces[6..]
            .iter()
            .all(|p| p.kind == ProvinceKind::Province)
    );
    let codes: BTreeSet<_> = provinces.iter().map(|p| &p.code).collect();
    assert_eq!(codes.len(), 34, "codes are unique");
}

async fn reopening_applies_no_migration_twice(backend: Backend) {
    let first = backend.open().await;
    drop(first);
    let second = backend.open().await;
    assert_eq!(second.list_provinces().await.unwrap().len(), 34);
}

async fn demo_data_loads_once_and_lists_in_province_order(backend: Backend) {
    let store = backend.open().await;
    assert_eq!(officer_count(&*store).await, 0);
    let demo = demo_data(&store.list_provinces().await.unwrap());
    assert!(store.load_demo_data(&demo).await.unwrap());
    assert!(
        !store.load_demo_data(&demo).await.unwrap(),
        "second load must do nothing"
    );
    let officers = store.list_data_protection_officers().await.unwrap();
    assert_eq!(
        officers, demo.officers,
        "stored officers read back unchanged, in order"
    );
}

async fn concurrent_first_starts_load_demo_data_exactly_once(backend: Backend) {
    let a = backend.open().await;
    let b = backend.open().await;
    let demo = demo_data(&a.list_provinces().await.unwrap());
    let (ra, rb) = tokio::join!(a.load_demo_data(&demo), b.load_demo_data(&demo));
    let loaded = [ra.unwrap(), rb.unwrap()];
    assert_eq!(loaded.iter().filter(|l| **l).count(), 1, "{loaded:?}");
    assert_eq!(a.list_data_protection_officers().await.unwrap().len(), 34);
}

async fn a_failed_demo_load_writes_nothing(backend: Backend) {
    let store = backend.open().await;
    let mut demo = demo_data(&store.list_provinces().await.unwrap());
    let mut ghost = demo.officers[0].clone();
    ghost.province = Province {
        code: "NOPE".into(),
        name_vi: "Không có".into(),
        name_en: "None".into(),
        kind: ProvinceKind::Province,
    };
    demo.officers.push(ghost);
    let error = store.load_demo_data(&demo).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound), "{error:?}");
    assert_eq!(
        officer_count(&*store).await,
        0,
        "the officers before the bad one must be rolled back"
    );
    // Nothing half-done blocks a correct load later.
    demo.officers.pop();
    assert!(store.load_demo_data(&demo).await.unwrap());
}

async fn one_officer_per_province_is_enforced(backend: Backend) {
    let store = backend.open().await;
    let provinces = store.list_provinces().await.unwrap();
    let officer = demo_data(&provinces).officers.remove(0);
    let twice = DemoData {
        officers: vec![
            officer.clone(),
            DataProtectionOfficer {
                full_name: "Other".into(),
                ..officer
            },
        ],
        role_grants: Vec::new(),
        agencies: Vec::new(),
    };
    let error = store.load_demo_data(&twice).await.unwrap_err();
    assert!(matches!(error, StoreError::Conflict { .. }), "{error:?}");
    assert_eq!(officer_count(&*store).await, 0);
}

async fn demo_staff_get_their_roles_and_citizens_none(backend: Backend) {
    let store = backend.open().await;
    let demo = demo_data(&store.list_provinces().await.unwrap());
    assert!(store.load_demo_data(&demo).await.unwrap());
    let dpo = &demo
        .role_grants
        .iter()
        .find(|demo_grant| demo_grant.grant.role == Role::Dpo)
        .unwrap()
        .pseudonym;
    assert_eq!(
        store.list_role_grants(dpo).await.unwrap(),
        [RoleGrant {
            role: Role::Dpo,
            province_code: Some("HN".into())
        }]
    );
    assert!(store.list_role_grants("nobody").await.unwrap().is_empty());
}

/// A DPO of Hồ Chí Minh City and an auditor (of no province).
fn two_grants() -> (RoleGrant, RoleGrant) {
    let dpo_hcm = RoleGrant {
        role: Role::Dpo,
        province_code: Some("HCM".into()),
    };
    let auditor = RoleGrant {
        role: Role::Auditor,
        province_code: None,
    };
    (dpo_hcm, auditor)
}

async fn role_grants_are_unique_and_need_a_real_province(backend: Backend) {
    let store = backend.open().await;
    let (dpo_hcm, auditor) = two_grants();
    store.insert_role_grant("p1", &dpo_hcm).await.unwrap();
    store.insert_role_grant("p1", &dpo_hcm).await.unwrap();
    store.insert_role_grant("p1", &auditor).await.unwrap();
    store.insert_role_grant("p1", &auditor).await.unwrap();
    let grants = store.list_role_grants("p1").await.unwrap();
    assert_eq!(grants.len(), 2, "{grants:?}");
    // A DPO of a province that does not exist, or an auditor tied to a
    // province, is refused and nothing is written.
    for bad in [
        RoleGrant {
            role: Role::Dpo,
            province_code: Some("NOPE".into()),
        },
        RoleGrant {
            role: Role::Auditor,
            province_code: Some("HN".into()),
        },
    ] {
        assert!(
            store.insert_role_grant("p2", &bad).await.is_err(),
            "{bad:?}"
        );
    }
    assert!(store.list_role_grants("p2").await.unwrap().is_empty());
}

async fn a_standing_holds_the_grants_and_the_generation_in_one_read(backend: Backend) {
    let store = with_demo(&backend).await;
    let nobody = store.find_standing("nobody").await.unwrap();
    assert_eq!(nobody, app::server::Standing::default());
    let (dpo_hcm, auditor) = two_grants();
    store.insert_role_grant("p1", &dpo_hcm).await.unwrap();
    store.insert_role_grant("p1", &auditor).await.unwrap();
    let before = store.find_standing("p1").await.unwrap();
    assert_eq!(before.generation, 0);
    let sorted = |mut grants: Vec<RoleGrant>| {
        grants.sort_by_key(|g| g.role.code());
        grants
    };
    assert_eq!(
        sorted(before.grants.clone()),
        sorted(vec![dpo_hcm.clone(), auditor.clone()])
    );
    for expected in 1..=2 {
        let raised = store
            .sign_out_everywhere(
                "p1",
                &event(AccountEventKind::SignOutEverywhere, 1_700_000_000, None),
            )
            .await
            .unwrap();
        assert_eq!(raised, expected);
        let now = store.find_standing("p1").await.unwrap();
        assert_eq!(now.generation, expected);
        assert_eq!(now.grants.len(), 2, "the grants are still there");
        assert_eq!(
            now.generation,
            store.session_generation("p1").await.unwrap()
        );
    }
}

fn event(kind: AccountEventKind, at: i64, reason: Option<&str>) -> AccountEvent {
    AccountEvent {
        kind,
        occurred_at: at,
        reason: reason.map(str::to_owned),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/142".into()),
        client_hash: Some("0123456789abcdef".into()),
    }
}

async fn account_events_are_private_newest_first_and_limited(backend: Backend) {
    let store = backend.open().await;
    let base = 1_790_000_000;
    store
        .insert_account_event(Some("me"), &event(AccountEventKind::SignIn, base, None))
        .await
        .unwrap();
    store
        .insert_account_event(
            Some("me"),
            &event(AccountEventKind::SignOut, base + 60, None),
        )
        .await
        .unwrap();
    store
        .insert_account_event(
            Some("other"),
            &event(AccountEventKind::SignIn, base + 30, None),
        )
        .await
        .unwrap();
    store
        .insert_account_event(
            None,
            &event(
                AccountEventKind::SignInFailed,
                base + 90,
                Some("state-mismatch"),
            ),
        )
        .await
        .unwrap();
    let mine = store.list_account_events("me", 50).await.unwrap();
    assert_eq!(
        mine.iter()
            .map(|e| (e.kind, e.occurred_at))
            .collect::<Vec<_>>(),
        [
            (AccountEventKind::SignOut, base + 60),
            (AccountEventKind::SignIn, base)
        ]
    );
    assert_eq!(mine[0].client_hash.as_deref(), Some("0123456789abcdef"));
    assert_eq!(store.list_account_events("me", 1).await.unwrap().len(), 1);
    let failures = store.list_failed_sign_ins(10).await.unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].reason.as_deref(), Some("state-mismatch"));

    // Retention: everything before the cut-off goes, the rest stays.
    assert_eq!(
        store.delete_account_events_before(base + 45).await.unwrap(),
        2
    );
    let mine = store.list_account_events("me", 50).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].kind, AccountEventKind::SignOut);
}

async fn sessions_round_trip_and_expired_ones_are_deleted(backend: Backend) {
    let sessions = backend.sessions().await;
    let now = time::OffsetDateTime::now_utc();
    let mut live = Record {
        id: Id::default(),
        data: [("k".to_owned(), serde_json::json!("v"))]
            .into_iter()
            .collect(),
        expiry_date: now + time::Duration::minutes(15),
    };
    sessions.create(&mut live).await.unwrap();
    let mut dead = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: now - time::Duration::minutes(1),
    };
    sessions.create(&mut dead).await.unwrap();
    let loaded = sessions.load(&live.id).await.unwrap().unwrap();
    assert_eq!(loaded.data["k"], "v");
    assert!(sessions.load(&dead.id).await.unwrap().is_none());
    assert_eq!(backend.session_rows().await, 2);
    sessions.delete_expired().await.unwrap();
    assert_eq!(
        backend.session_rows().await,
        1,
        "the expired row is deleted"
    );
    // Another pool (another server instance) sees the same session.
    let other = backend.sessions().await;
    assert!(other.load(&live.id).await.unwrap().is_some());
    sessions.delete(&live.id).await.unwrap();
    assert!(other.load(&live.id).await.unwrap().is_none());
    assert_eq!(backend.session_rows().await, 0);
}

// ---- Consent -------------------------------------------------------------

const DAY: i64 = 86_400;
/// 2026-06-01T00:00:00Z: a fixed "now" for consent scenarios.
const JUNE: i64 = 1_780_272_000;

fn consent(subject: &str, purpose: &str, action: ConsentAction, now: i64) -> ConsentCommand {
    ConsentCommand {
        subject: subject.into(),
        purpose: purpose.into(),
        action,
        actor_role: ActorRole::Subject,
        actor: Some(subject.into()),
        method: app::domain::consent::ConsentMethod::WebForm,
        child_agreed: None,
        notice_lang: Lang::Vi,
        receipt_id: uuid::Uuid::now_v7().to_string(),
        now,
    }
}

async fn records_of(store: &dyn Store, subject: &str) -> Vec<app::domain::consent::ConsentRecord> {
    store.list_consent_records(subject).await.unwrap()
}

async fn consents_are_granted_withdrawn_and_refused_without_a_trace(backend: Backend) {
    let store = backend.open().await;
    let purposes = store.list_purposes().await.unwrap();
    let sharing = purposes
        .iter()
        .find(|p| p.purpose.code == "health-record-sharing")
        .unwrap();
    assert!(sharing.rests_on_consent);
    assert_eq!(sharing.controller.as_ref().unwrap().code, "BYT");
    assert_eq!(sharing.processors[0].code, "BHXH");
    assert_eq!(sharing.validity_months, Some(60));
    assert!(
        purposes
            .iter()
            .any(|p| p.purpose.code == "tax" && !p.rests_on_consent),
        "purposes on another legal basis are in the catalogue too"
    );

    let granted = store
        .record_consent(&consent(
            "p1",
            "health-record-sharing",
            ConsentAction::Grant,
            JUNE,
        ))
        .await
        .unwrap();
    assert_eq!(granted.content.state, ConsentState::Active);
    assert_eq!(granted.content.controller, "BYT");
    assert_eq!(granted.content.legal_basis, "pdp-law-consent");
    assert_eq!(granted.content.notice_lang, "vi");
    assert!(granted.content.notice_text.contains("hồ sơ sức khỏe"));
    assert_eq!(
        granted.content.valid_until,
        Some(app::domain::consent::add_months(JUNE, 60))
    );

    // Refusals write nothing.
    let refused = |result: Result<_, ConsentWriteError>| match result {
        Err(ConsentWriteError::Refused(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    };
    for (purpose, action, expected) in [
        (
            "health-record-sharing",
            ConsentAction::Grant,
            ConsentError::AlreadyActive,
        ),
        (
            "insurance-reminders",
            ConsentAction::Withdraw,
            ConsentError::NotActive,
        ),
        (
            "no-such-purpose",
            ConsentAction::Grant,
            ConsentError::UnknownPurpose,
        ),
        ("tax", ConsentAction::Grant, ConsentError::NotConsentBased),
    ] {
        let error = refused(
            store
                .record_consent(&consent("p1", purpose, action, JUNE + 60))
                .await,
        );
        assert_eq!(error, expected, "{purpose}");
    }
    assert_eq!(
        records_of(&*store, "p1").await.len(),
        1,
        "no duplicate record"
    );

    store
        .record_consent(&consent(
            "p1",
            "health-record-sharing",
            ConsentAction::Withdraw,
            JUNE + DAY,
        ))
        .await
        .unwrap();
    let statuses = store
        .list_consent_statuses("p1", JUNE + 2 * DAY)
        .await
        .unwrap();
    assert_eq!(statuses.len(), 1);
    assert_eq!(statuses[0].state, ConsentState::Withdrawn);
    assert!(
        store
            .list_consent_statuses("p2", JUNE)
            .await
            .unwrap()
            .is_empty()
    );

    let records = records_of(&*store, "p1").await;
    assert_eq!(
        records.iter().map(|r| r.content.action).collect::<Vec<_>>(),
        [ConsentAction::Grant, ConsentAction::Withdraw]
    );
    assert_eq!(verify_consent_chain(&records), Ok(()));
}

async fn the_consent_chain_finds_an_edited_record(backend: Backend) {
    let store = backend.open().await;
    for (n, action) in [
        ConsentAction::Grant,
        ConsentAction::Withdraw,
        ConsentAction::Grant,
    ]
    .into_iter()
    .enumerate()
    {
        store
            .record_consent(&consent(
                "p1",
                "insurance-reminders",
                action,
                JUNE + n as i64 * DAY,
            ))
            .await
            .unwrap();
    }
    assert_eq!(
        verify_consent_chain(&records_of(&*store, "p1").await),
        Ok(())
    );
    // Someone with database access turns the withdrawal into a grant.
    backend
        .execute(
            "UPDATE consent_records SET action = 'grant', state = 'active' WHERE subject_seq = 2",
        )
        .await;
    assert_eq!(
        verify_consent_chain(&records_of(&*store, "p1").await),
        Err(ConsentChainBreak::Content { subject_seq: 2 })
    );
    // Deleting a record breaks the sequence.
    backend
        .execute("DELETE FROM consent_records WHERE subject_seq = 2")
        .await;
    assert_eq!(
        verify_consent_chain(&records_of(&*store, "p1").await),
        Err(ConsentChainBreak::Gap { subject_seq: 2 })
    );
}

async fn changes_at_once_end_in_one_consistent_state(backend: Backend) {
    // Two server instances: two pools on one database.
    let a = backend.open().await;
    let b = backend.open().await;
    a.record_consent(&consent(
        "p1",
        "health-research",
        ConsentAction::Grant,
        JUNE,
    ))
    .await
    .unwrap();
    // Two withdrawals at once: one is recorded, the other refused.
    let (first, second) = (
        consent("p1", "health-research", ConsentAction::Withdraw, JUNE + 1),
        consent("p1", "health-research", ConsentAction::Withdraw, JUNE + 1),
    );
    let (ra, rb) = tokio::join!(a.record_consent(&first), b.record_consent(&second));
    let ok = [ra.is_ok(), rb.is_ok()];
    assert_eq!(ok.iter().filter(|ok| **ok).count(), 1, "{ok:?}");
    for result in [ra, rb] {
        if let Err(error) = result {
            assert!(
                matches!(error, ConsentWriteError::Refused(ConsentError::NotActive)),
                "{error:?}"
            );
        }
    }
    // Grants and withdrawals racing on many people: each person's records
    // alternate, the last one matches the state, and the chain holds.
    let mut tasks = Vec::new();
    for person in 0..8 {
        for n in 0..6 {
            let store = if n % 2 == 0 { a.clone() } else { b.clone() };
            let action = if n % 2 == 0 {
                ConsentAction::Grant
            } else {
                ConsentAction::Withdraw
            };
            tasks.push(tokio::spawn(async move {
                let subject = format!("racer{person}");
                store
                    .record_consent(&consent(
                        &subject,
                        "scholarship-matching",
                        action,
                        JUNE + 10,
                    ))
                    .await
            }));
        }
    }
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) | Err(ConsentWriteError::Refused(_)) => {}
            Err(other) => panic!("{other}"),
        }
    }
    for person in 0..8 {
        let subject = format!("racer{person}");
        let records = records_of(&*a, &subject).await;
        assert!(!records.is_empty());
        assert_eq!(verify_consent_chain(&records), Ok(()), "{subject}");
        for pair in records.windows(2) {
            assert_ne!(
                pair[0].content.state, pair[1].content.state,
                "{subject}: alternates"
            );
        }
        let status = a.list_consent_statuses(&subject, JUNE + 20).await.unwrap();
        assert_eq!(status[0].state, records.last().unwrap().content.state);
        assert_eq!(
            status[0].receipt_id,
            records.last().unwrap().content.receipt_id
        );
    }
}

async fn the_change_feed_misses_nothing(backend: Backend) {
    let a = backend.open().await;
    let b = backend.open().await;
    let mut tasks = Vec::new();
    for person in 0..30 {
        let store = if person % 2 == 0 {
            a.clone()
        } else {
            b.clone()
        };
        tasks.push(tokio::spawn(async move {
            let subject = format!("feed{person}");
            let purpose = if person % 3 == 0 {
                "vneid-service-updates"
            } else {
                "health-record-sharing"
            };
            store
                .record_consent(&consent(&subject, purpose, ConsentAction::Grant, JUNE))
                .await
                .unwrap();
            store
                .record_consent(&consent(
                    &subject,
                    purpose,
                    ConsentAction::Withdraw,
                    JUNE + 5,
                ))
                .await
                .unwrap()
        }));
    }
    // A reader pulls small pages while the writers run.
    let wanted = vec!["health-record-sharing".to_owned()];
    let mut seen = Vec::new();
    let mut after = 0;
    let mut idle_rounds = 0;
    while idle_rounds < 3 {
        let page = a.list_consent_changes(&wanted, after, 7).await.unwrap();
        if page.is_empty() {
            if tasks.iter().all(|t| t.is_finished()) {
                idle_rounds += 1;
            }
            tokio::task::yield_now().await;
            continue;
        }
        after = page.last().unwrap().feed_seq;
        seen.extend(page);
    }
    for task in tasks {
        task.await.unwrap();
    }
    // 20 people × 2 changes for the purpose asked; none of the others.
    assert_eq!(seen.len(), 40);
    assert!(seen.iter().all(|c| c.purpose == "health-record-sharing"));
    assert!(seen.windows(2).all(|w| w[0].feed_seq < w[1].feed_seq));
    let withdrawals = seen
        .iter()
        .filter(|c| c.state == ConsentState::Withdrawn)
        .count();
    assert_eq!(withdrawals, 20, "every withdrawal reaches the agency");
    // Positions are gap-free service-wide: the other purpose's 20 fill in.
    let all = a
        .list_consent_changes(
            &[
                "health-record-sharing".into(),
                "vneid-service-updates".into(),
            ],
            0,
            1000,
        )
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|c| c.feed_seq).collect::<Vec<_>>(),
        (1..=60).collect::<Vec<i64>>()
    );
}

async fn consents_expire_by_themselves_once(backend: Backend) {
    let a = backend.open().await;
    let b = backend.open().await;
    a.record_consent(&consent(
        "p1",
        "scholarship-matching",
        ConsentAction::Grant,
        JUNE,
    ))
    .await
    .unwrap();
    a.record_consent(&consent(
        "p1",
        "vneid-service-updates",
        ConsentAction::Grant,
        JUNE,
    ))
    .await
    .unwrap();
    let until = app::domain::consent::add_months(JUNE, 12);
    // Read as expired the moment it ends, before the record is written.
    let status = a.list_consent_statuses("p1", until).await.unwrap();
    assert_eq!(
        status
            .iter()
            .find(|s| s.purpose == "scholarship-matching")
            .unwrap()
            .state,
        ConsentState::Expired
    );
    assert_eq!(
        a.expire_consents(until - 1, 100).await.unwrap(),
        0,
        "not yet"
    );
    // Two instances sweep at once: one expiry record.
    let (ea, eb) = tokio::join!(
        a.expire_consents(until + 5, 100),
        b.expire_consents(until + 5, 100)
    );
    assert_eq!(ea.unwrap() + eb.unwrap(), 1);
    let records = records_of(&*a, "p1").await;
    let last = records.last().unwrap();
    assert_eq!(last.content.action, ConsentAction::Expire);
    assert_eq!(last.content.actor_role, ActorRole::System);
    assert_eq!(
        last.content.method,
        app::domain::consent::ConsentMethod::AutomaticExpiry
    );
    assert_eq!(last.content.valid_until, Some(until));
    assert_eq!(verify_consent_chain(&records), Ok(()));
    let states = a.list_consent_statuses("p1", until + 10).await.unwrap();
    assert_eq!(
        states
            .iter()
            .find(|s| s.purpose == "vneid-service-updates")
            .unwrap()
            .state,
        ConsentState::Active,
        "no validity: never expires"
    );
    // Granting again after expiry starts a new period.
    a.record_consent(&consent(
        "p1",
        "scholarship-matching",
        ConsentAction::Grant,
        until + 20,
    ))
    .await
    .unwrap();
}

async fn data_shared_without_active_consent_is_flagged(backend: Backend) {
    let store = backend.open().await;
    store
        .load_demo_data(&demo_data(&store.list_provinces().await.unwrap()))
        .await
        .unwrap();
    store
        .record_consent(&consent(
            "p1",
            "health-record-sharing",
            ConsentAction::Grant,
            JUNE,
        ))
        .await
        .unwrap();
    store
        .record_consent(&consent(
            "p1",
            "health-record-sharing",
            ConsentAction::Withdraw,
            JUNE + 10 * DAY,
        ))
        .await
        .unwrap();
    let shared = |n: u32, purpose: &str, at: i64| NewSharingEvent {
        received_at: at,
        pseudonym: "p1".into(),
        details: SharingDetails {
            event_id: format!("HN-SYT-{n}"),
            occurred_at: at,
            provider_agency: "HN-SYT".into(),
            provider_system: "HN-SYT-HIS".into(),
            recipient_agency: "BYT".into(),
            recipient_system: None,
            categories: vec!["health".into()],
            purpose: purpose.into(),
            legal_basis: "pdp-law-consent".into(),
            method: SharingMethod::OnlineConnection,
            mode: SharingMode::Default,
            request_reference: None,
            official_code: None,
            outcome: Outcome::Provided,
            visible_from: None,
        },
    };
    store
        .append_sharing_events(&[
            shared(1, "health-record-sharing", JUNE - DAY),
            shared(2, "health-record-sharing", JUNE + DAY),
            shared(3, "health-record-sharing", JUNE + 11 * DAY),
            shared(4, "health-research", JUNE + DAY),
            shared(5, "medical-care", JUNE + DAY),
        ])
        .await
        .unwrap();
    let events = store
        .list_sharing_events(
            "p1",
            &SharingFilter::default(),
            TimelinePlace::Newest,
            10,
            JUNE + 20 * DAY,
        )
        .await
        .unwrap();
    // The timeline's lighter read gives the same lines, in the same order.
    let lines = store
        .list_timeline(
            "p1",
            &SharingFilter::default(),
            TimelinePlace::Newest,
            10,
            JUNE + 20 * DAY,
        )
        .await
        .unwrap();
    assert_eq!(lines.len(), events.len());
    for (line, event) in lines.iter().zip(&events) {
        assert_eq!(
            (line.seq, line.occurred_at, &line.provider, &line.recipient),
            (
                event.seq,
                event.occurred_at,
                &event.provider,
                &event.recipient
            )
        );
        assert_eq!(
            (
                &line.categories,
                &line.purpose,
                line.outcome,
                line.consent_flag
            ),
            (
                &event.categories,
                &event.purpose,
                event.outcome,
                event.consent_flag
            )
        );
    }
    let flag = |id: &str| {
        events
            .iter()
            .find(|e| e.event_id == id)
            .unwrap()
            .consent_flag
    };
    assert_eq!(
        flag("HN-SYT-1"),
        Some(ConsentFlag::NoConsent),
        "before the grant"
    );
    assert_eq!(flag("HN-SYT-2"), None, "while active");
    assert_eq!(flag("HN-SYT-3"), Some(ConsentFlag::Withdrawn));
    assert_eq!(
        flag("HN-SYT-4"),
        Some(ConsentFlag::NoConsent),
        "never asked"
    );
    assert_eq!(flag("HN-SYT-5"), None, "not a consent-based purpose");
    // The Hà Nội DPO's list has the three; Huế's has none.
    let listed = store.list_flagged_events(&["HN".into()], 50).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0].event_id, "HN-SYT-3", "newest first");
    assert!(
        store
            .list_flagged_events(&["HUE".into()], 50)
            .await
            .unwrap()
            .is_empty()
    );
    // Dated while the consent was active but received after the
    // withdrawal: judged at receipt, so back-dating does not dodge it.
    let late = NewSharingEvent {
        received_at: JUNE + 12 * DAY,
        ..shared(6, "health-record-sharing", JUNE + DAY)
    };
    store.append_sharing_events(&[late]).await.unwrap();
    let listed = store.list_flagged_events(&["HN".into()], 50).await.unwrap();
    let late = listed
        .iter()
        .find(|f| f.event_id == "HN-SYT-6")
        .map(|f| f.flag);
    assert_eq!(late, Some(ConsentFlag::Withdrawn));
}

async fn proofs_take_two_reads_and_check_out_at_every_edge(backend: Backend) {
    use server::sharing_log::{CheckpointSigner, inclusion_proofs, verify_proof};
    let store = with_demo(&backend).await;
    let signer = CheckpointSigner::from_seed(&[9u8; 32]).unwrap();
    // A checkpoint names a registered key (a foreign key holds it to that).
    assert_eq!(
        store
            .ensure_checkpoint_key(signer.key_id(), &signer.public_key(), JUNE)
            .await
            .unwrap(),
        app::server::KeyStanding::Current
    );
    let event = |n: usize, who: &str| NewSharingEvent {
        received_at: JUNE,
        pseudonym: who.into(),
        details: SharingDetails {
            event_id: format!("BCA-P-{n}"),
            occurred_at: JUNE + n as i64,
            provider_agency: "BCA".into(),
            provider_system: "BCA-NPD".into(),
            recipient_agency: "BHXH".into(),
            recipient_system: None,
            categories: vec!["full-name".into()],
            purpose: "health-insurance".into(),
            legal_basis: "health-insurance-law".into(),
            method: SharingMethod::OnlineConnection,
            mode: SharingMode::Default,
            request_reference: None,
            official_code: None,
            outcome: Outcome::Provided,
            visible_from: None,
        },
    };
    // Three batches: checkpointed, checkpointed, not yet. Person "me" has
    // events first, last and in the middle of batches.
    let whose = ["me", "x", "me", "x", "me", "me", "x", "me"];
    let mut n = 0;
    let mut mine = Vec::new();
    for (size, signed) in [(3, true), (2, true), (3, false)] {
        let batch: Vec<_> = (0..size).map(|i| event(n + i, whose[n + i])).collect();
        let appended = store.append_sharing_events(&batch).await.unwrap();
        if signed {
            store
                .insert_checkpoint(&signer.sign(appended.head_seq, &appended.head_hash, JUNE))
                .await
                .unwrap();
        }
        let first = appended.head_seq - size as i64 + 1;
        for i in 0..size {
            if whose[n + i] == "me" {
                mine.push(first + i as i64);
            }
        }
        n += size;
    }
    let proofs = inclusion_proofs(&*store, &mine).await.unwrap();
    assert_eq!(proofs.len(), mine.len());
    let key = server::sharing_log::KeyRing::single(signer.verifying_key());
    let checked: Vec<bool> = proofs.iter().map(|p| verify_proof(p, &key)).collect();
    // Events 1, 3 and 5 are checkpointed (the first, the last of the first
    // batch; the last of the second); 6 and 8, of the last batch, are not
    // yet, so their proofs cannot check out.
    assert_eq!(checked, [true, true, true, false, false]);
    assert_eq!(proofs[1].following.len(), 0, "the checkpoint's own event");
    assert_eq!(proofs[0].following.len(), 2);
    assert!(proofs.iter().all(|p| p.content.pseudonym == "me"));
    assert_eq!(
        (proofs[3].checkpoint.as_ref(), proofs[4].checkpoint.as_ref()),
        (None, None)
    );
    // Spans that meet are read once and split right.
    let links = store.list_chain_spans(&[(1, 2), (2, 4)]).await.unwrap();
    let seqs: Vec<i64> = links.iter().map(|l| l.content.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4], "in order, once");
}

async fn representatives_see_only_their_own_links(backend: Backend) {
    let store = backend.open().await;
    let link = &app::server::NewRepresentation {
        representative: "parent".into(),
        subject: "child".into(),
        name: "Nguyễn Minh Khôi".into(),
        birth_date: "2015-09-04".into(),
        kind: RepresentedKind::Child,
        now: JUNE,
    };
    let id = store.insert_representation(link).await.unwrap();
    let links = store.list_representations("parent").await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].name, "Nguyễn Minh Khôi");
    assert_eq!(links[0].age(JUNE), Some(10));
    let found = store.find_represented("parent", id).await.unwrap().unwrap();
    assert_eq!(found.subject, "child");
    assert_eq!(found.link.kind, RepresentedKind::Child);
    assert!(
        store
            .find_represented("stranger", id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .list_representations("stranger")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store.insert_representation(link).await.is_err(),
        "one link per pair"
    );
}

async fn the_calendar_is_the_seed_and_administrators_change_it(backend: Backend) {
    use app::domain::deadlines::{CalendarDay, Date, SEED_DAYS, SEED_YEARS, seed_calendar};
    let store = backend.open().await;
    let stored = store.load_calendar().await.unwrap();
    assert_eq!(stored.years, SEED_YEARS);
    let seed: Vec<CalendarDay> = SEED_DAYS.iter().map(CalendarDay::from).collect();
    assert_eq!(
        stored.days, seed,
        "the migration's rows are the domain's seed"
    );
    assert_eq!(stored.calendar(), seed_calendar());

    // A substitute day moves: remove one, add another, confirm it.
    let note = app::server::ChangeNote {
        reason: "Thông báo nghỉ bù",
        actor: None,
        now: app::server::now(),
    };
    let monday = Date::parse("2026-04-27").unwrap();
    assert!(store.delete_calendar_day(monday, note).await.unwrap());
    assert!(!store.delete_calendar_day(monday, note).await.unwrap());
    let tuesday = CalendarDay {
        date: Date::parse("2026-04-28").unwrap(),
        day_off: true,
        name_vi: "Giỗ Tổ Hùng Vương (nghỉ bù)".into(),
        name_en: "Hùng Kings' Day (substitute)".into(),
        confirmed: true,
    };
    store.upsert_calendar_day(&tuesday, note).await.unwrap();
    store.upsert_calendar_day(&tuesday, note).await.unwrap();
    let calendar = store.load_calendar().await.unwrap().calendar();
    assert_eq!(calendar.is_working_day(monday), Ok(true));
    assert_eq!(calendar.is_working_day(tuesday.date), Ok(false));
    assert!(!calendar.covers(2028));
    store.insert_calendar_year(2028, note).await.unwrap();
    store.insert_calendar_year(2028, note).await.unwrap();
    assert!(store.load_calendar().await.unwrap().calendar().covers(2028));
    // Each change that happened is in the change log, once; what changed
    // nothing (a second removal, a year declared again) is not.
    let kinds: Vec<String> = store
        .list_admin_changes(50)
        .await
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c.kind.code(),
                c.subject.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "calendar-year-added 2028",
            "calendar-day-saved 2026-04-28",
            "calendar-day-saved 2026-04-28",
            "calendar-day-removed 2026-04-27",
        ]
    );
}

async fn one_instance_holds_a_job_lease_at_a_time(backend: Backend) {
    let a = backend.open().await;
    let b = backend.open().await;
    let t = JUNE;
    assert!(
        a.take_lease("reminders", "instance-a", t, 60)
            .await
            .unwrap()
    );
    assert!(
        !b.take_lease("reminders", "instance-b", t + 1, 60)
            .await
            .unwrap()
    );
    assert!(
        a.take_lease("reminders", "instance-a", t + 30, 60)
            .await
            .unwrap(),
        "renewed"
    );
    assert!(
        !b.take_lease("reminders", "instance-b", t + 89, 60)
            .await
            .unwrap()
    );
    assert!(
        b.take_lease("reminders", "instance-b", t + 90, 60)
            .await
            .unwrap(),
        "expired"
    );
    assert!(
        !a.take_lease("reminders", "instance-a", t + 91, 60)
            .await
            .unwrap()
    );
    assert!(
        a.take_lease("another-job", "instance-a", t + 91, 60)
            .await
            .unwrap()
    );
    // Racing for a free lease: exactly one wins.
    let (ra, rb) = tokio::join!(
        a.take_lease("race", "instance-a", t, 60),
        b.take_lease("race", "instance-b", t, 60)
    );
    assert!(ra.unwrap() ^ rb.unwrap());
}

fn request(
    requester: &str,
    handler: &str,
    kind: app::domain::requests::RequestKind,
    received: &str,
    decide_by: &str,
) -> (app::server::NewRequest, app::server::StepEvent) {
    use app::domain::requests::{EventActor, EventDetail, EventKind};
    (
        app::server::NewRequest {
            requester: requester.into(),
            requester_name: "Trần Thị Mai".into(),
            kind,
            agency_code: Some(format!("{handler}-UBND")),
            handler: handler.into(),
            about_reference: None,
            description: "Xin sửa ngày sinh".into(),
            contact_email: Some("mai@example.vn".into()),
            lang: Lang::Vi,
            received_on: received.into(),
            acknowledge_by: received.into(),
            decide_by: decide_by.into(),
            attachments: Vec::new(),
            notices: vec![app::server::Notice {
                recipient: Addressee::Team(handler.to_string()),
                message_id: "notice-request-new".into(),
            }],
            mails: vec![app::server::Mail::to_office(
                &format!("dpo.{}@demo.example", handler.to_lowercase()),
                "mail-request-new",
            )],
            now: JUNE,
        },
        app::server::StepEvent {
            actor_role: EventActor::Requester,
            actor: Some(requester.into()),
            actor_name: "Trần Thị Mai".into(),
            kind: EventKind::Submitted,
            detail: EventDetail::default(),
            body: String::new(),
        },
    )
}

async fn with_demo(backend: &Backend) -> Arc<dyn Store> {
    let store = backend.open().await;
    store
        .load_demo_data(&demo_data(&store.list_provinces().await.unwrap()))
        .await
        .unwrap();
    store
}

fn step_on(
    record: &app::domain::requests::RequestRecord,
    version: i64,
    kind: app::domain::requests::EventKind,
    status: app::domain::requests::RequestStatus,
    now: i64,
) -> app::server::StepCommand {
    use app::domain::requests::{EventActor, EventDetail};
    let mut after = record.clone();
    after.status = status;
    app::server::StepCommand {
        request_id: record.id,
        expected_version: version,
        after,
        event: app::server::StepEvent {
            actor_role: EventActor::Dpo,
            actor: Some("dpo-1".into()),
            actor_name: "Phạm Minh Đức".into(),
            kind,
            detail: EventDetail::default(),
            body: "ok".into(),
        },
        attachments: Vec::new(),
        notices: Vec::new(),
        mails: Vec::new(),
        now,
    }
}

async fn requests_are_numbered_chained_and_stepped_only_at_their_version(backend: Backend) {
    use app::domain::requests::{EventKind, RequestKind, RequestStatus, verify_events};
    use app::server::{NewAttachment, StepWriteError};
    let store = with_demo(&backend).await;
    let requests = &*store;
    let (mut new, event) = request(
        "p1",
        "HN",
        RequestKind::Correction,
        "2026-06-01",
        "2026-06-22",
    );
    new.attachments = vec![NewAttachment {
        file_name: "giấy khai sinh.png".into(),
        media_type: "image/png".into(),
        bytes: b"\x89PNG\r\n\x1a\nrest".to_vec(),
    }];
    let first = requests.file_request(&new, &event).await.unwrap();
    assert_eq!(first.reference, "YC-2026-000001");
    assert_eq!((first.version, first.status), (1, RequestStatus::Submitted));
    assert_eq!(first.agency.as_ref().unwrap().code, "HN-UBND");
    let (other, event2) = request("p2", "HUE", RequestKind::Access, "2026-06-01", "2026-06-22");
    let second = requests.file_request(&other, &event2).await.unwrap();
    assert_eq!(second.reference, "YC-2026-000002");
    // An unknown agency writes nothing, not even a serial.
    let (mut bad, event3) = request("p1", "HN", RequestKind::Access, "2026-06-01", "2026-06-22");
    bad.agency_code = Some("NOWHERE".into());
    assert!(matches!(
        requests.file_request(&bad, &event3).await,
        Err(StoreError::NotFound)
    ));
    let (next, event4) = request("p1", "HN", RequestKind::Access, "2026-06-02", "2026-06-22");
    assert_eq!(
        requests
            .file_request(&next, &event4)
            .await
            .unwrap()
            .reference,
        "YC-2026-000003"
    );

    let file = requests
        .find_request(&first.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.events.len(), 1);
    assert_eq!(file.attachments.len(), 1);
    assert_eq!(
        file.events[0].content.detail.attachments,
        vec![file.attachments[0].id.clone()]
    );
    let stored = requests
        .find_attachment(&file.attachments[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.bytes, b"\x89PNG\r\n\x1a\nrest");
    assert_eq!(
        (stored.requester.as_str(), stored.handler.as_str()),
        ("p1", "HN")
    );
    assert!(
        requests
            .find_attachment("no-such-id")
            .await
            .unwrap()
            .is_none()
    );

    let acknowledged = requests
        .record_step(&step_on(
            &first,
            1,
            EventKind::Acknowledged,
            RequestStatus::Acknowledged,
            JUNE + 60,
        ))
        .await
        .unwrap();
    assert_eq!(
        (acknowledged.version, acknowledged.status),
        (2, RequestStatus::Acknowledged)
    );
    // A form shown at version 1 is now stale: nothing is written.
    assert!(matches!(
        requests
            .record_step(&step_on(
                &first,
                1,
                EventKind::Closed,
                RequestStatus::Closed,
                JUNE + 70
            ))
            .await,
        Err(StepWriteError::Conflict)
    ));
    // Two DPOs on two pools act at once on version 2: exactly one wins.
    let other_pool = backend.open().await;
    let a = step_on(
        &acknowledged,
        2,
        EventKind::InformationRequested,
        RequestStatus::InformationRequested,
        JUNE + 80,
    );
    let b = step_on(
        &acknowledged,
        2,
        EventKind::Decided,
        RequestStatus::Decided,
        JUNE + 80,
    );
    let (ra, rb) = tokio::join!(store.record_step(&a), other_pool.record_step(&b));
    assert!(ra.is_ok() ^ rb.is_ok(), "one wins: {ra:?} {rb:?}");
    assert!(matches!(
        ra.err().or(rb.err()),
        Some(StepWriteError::Conflict)
    ));
    let file = requests
        .find_request(&first.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.record.version, 3);
    assert_eq!(file.events.len(), 3, "the loser left no event");
    assert_eq!(verify_events(&file.events), Ok(()));
    // The public figures: three requests in Hà Nội and one in Huế; the
    // first is decided, on the day it was received, if the winner decided.
    let handled = requests.list_handled().await.unwrap();
    assert_eq!(handled.iter().map(|h| h.count).sum::<u32>(), 3);
    let figures = app::domain::requests::figures(&handled);
    let received: u32 = figures
        .iter()
        .filter(|f| f.province == "HN")
        .map(|f| f.received)
        .sum();
    assert_eq!(received, 2);
    // An event changed behind the service's back breaks the chain there.
    backend
        .execute(&format!(
            "UPDATE request_events SET body = 'changed' WHERE seq = 2 AND request_id = {}",
            first.id
        ))
        .await;
    let file = requests
        .find_request(&first.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        verify_events(&file.events),
        Err(app::domain::requests::ChainBreak(2))
    );
    assert_eq!(requests.list_own_requests("p1").await.unwrap().len(), 2);
    assert!(requests.list_own_requests("p3").await.unwrap().is_empty());
}

async fn references_stay_unique_when_filed_at_once(backend: Backend) {
    use app::domain::requests::RequestKind;
    let store = with_demo(&backend).await;
    let other = backend.open().await;
    let mut tasks = Vec::new();
    for n in 0..20 {
        let store = if n % 2 == 0 {
            store.clone()
        } else {
            other.clone()
        };
        tasks.push(tokio::spawn(async move {
            let (new, event) = request(
                &format!("p{n}"),
                "HN",
                RequestKind::Access,
                "2026-06-01",
                "2026-06-22",
            );
            store.file_request(&new, &event).await.unwrap().reference
        }));
    }
    let mut references = BTreeSet::new();
    for task in tasks {
        references.insert(task.await.unwrap());
    }
    let expected: BTreeSet<String> = (1..=20)
        .map(|n| app::domain::requests::reference(2026, n))
        .collect();
    assert_eq!(references, expected);
}

async fn the_public_figures_are_counted_in_the_database(backend: Backend) {
    use app::domain::requests::{RequestKind, figures};
    let store = with_demo(&backend).await;
    let mut ids = Vec::new();
    for n in 0..4 {
        let (new, event) = request(
            &format!("p{n}"),
            "HUE",
            RequestKind::Deletion,
            "2026-06-01",
            "2026-06-22",
        );
        ids.push(store.file_request(&new, &event).await.unwrap().id);
    }
    // Decided in 10 days (in time) and in 29 (late); one withdrawn after a
    // date was set (not a decision); one still open.
    for (id, status, decided) in [
        (ids[0], "decided", "2026-06-11"),
        (ids[1], "decided", "2026-06-30"),
        (ids[2], "withdrawn", "2026-06-05"),
    ] {
        backend
            .execute(&format!(
                "UPDATE requests SET status = '{status}', decided_on = '{decided}' WHERE id = {id}"
            ))
            .await;
    }
    let handled = store.list_handled().await.unwrap();
    assert!(
        handled.len() <= 3,
        "one row per distinct day, not per request: {handled:?}"
    );
    let lines = figures(&handled);
    let hue = lines
        .iter()
        .find(|line| line.province == "HUE" && line.kind == RequestKind::Deletion)
        .unwrap();
    assert_eq!((hue.received, hue.decided), (4, 2));
    assert_eq!(hue.median_days, Some(19.5));
    assert_eq!(hue.on_time_share, Some(0.5));
}

async fn the_queue_filters_pages_and_counts_one_provinces_requests(backend: Backend) {
    use app::domain::{
        deadlines::Date,
        requests::{QueueCursor, QueueFilter, RequestKind, RequestStatus},
    };
    let store = with_demo(&backend).await;
    let requests = &*store;
    let start = Date::parse("2026-06-01").unwrap();
    for n in 0..60_i64 {
        let kind = if n % 3 == 0 {
            RequestKind::Deletion
        } else {
            RequestKind::Access
        };
        // Deadlines spread over 20 days, several on the same day.
        let due = start.add_days(n % 20).iso();
        let (new, event) = request("p1", "HN", kind, &start.iso(), &due);
        requests.file_request(&new, &event).await.unwrap();
    }
    for _ in 0..5 {
        let (new, event) = request("p2", "HUE", RequestKind::Access, "2026-06-01", "2026-06-02");
        requests.file_request(&new, &event).await.unwrap();
    }
    let hn = vec!["HN".to_owned()];
    let today = "2026-06-10";
    let all = QueueFilter::default();
    assert_eq!(
        requests.count_queue(&hn, &all, today, 1_000).await.unwrap(),
        60
    );
    // Page through: every request once, by deadline then id.
    let mut seen = Vec::new();
    let mut after: Option<QueueCursor> = None;
    loop {
        let page = requests
            .list_queue(&hn, &all, today, after.as_ref(), 25)
            .await
            .unwrap();
        assert!(page.len() <= 25);
        assert!(page.iter().all(|r| r.handler == "HN"));
        after = page.last().map(|r| QueueCursor {
            decide_by: r.decide_by.clone(),
            id: r.id,
        });
        let done = page.len() < 25;
        seen.extend(page.into_iter().map(|r| (r.decide_by, r.id)));
        if done {
            break;
        }
    }
    assert_eq!(seen.len(), 60);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "soonest deadline first");
    let descending = QueueFilter {
        descending: true,
        ..QueueFilter::default()
    };
    let first = requests
        .list_queue(&hn, &descending, today, None, 1)
        .await
        .unwrap();
    assert_eq!(first[0].decide_by, "2026-06-20");

    let deletions = QueueFilter {
        kind: Some(RequestKind::Deletion),
        ..QueueFilter::default()
    };
    assert_eq!(
        requests
            .count_queue(&hn, &deletions, today, 1_000)
            .await
            .unwrap(),
        20
    );
    // Overdue: open and due before 10 June (1–9 June: 9 days × 3).
    let overdue = QueueFilter {
        overdue: true,
        ..QueueFilter::default()
    };
    assert_eq!(
        requests
            .count_queue(&hn, &overdue, today, 1_000)
            .await
            .unwrap(),
        27
    );
    let soon = QueueFilter {
        due_within: Some(2),
        ..QueueFilter::default()
    };
    assert_eq!(
        requests
            .count_queue(&hn, &soon, today, 1_000)
            .await
            .unwrap(),
        9,
        "10–12 June"
    );
    let agency = QueueFilter {
        agency: Some("HUE-UBND".into()),
        ..QueueFilter::default()
    };
    assert_eq!(
        requests
            .count_queue(&hn, &agency, today, 1_000)
            .await
            .unwrap(),
        0
    );
    let submitted = QueueFilter {
        status: Some(RequestStatus::Decided),
        ..QueueFilter::default()
    };
    assert_eq!(
        requests
            .count_queue(&hn, &submitted, today, 1_000)
            .await
            .unwrap(),
        0
    );
    // Nobody's queue: nothing.
    assert!(
        requests
            .list_queue(&[], &all, today, None, 25)
            .await
            .unwrap()
            .is_empty()
    );
    let both = vec!["HN".to_owned(), "HUE".to_owned()];
    assert_eq!(
        requests
            .count_queue(&both, &all, today, 1_000)
            .await
            .unwrap(),
        65
    );
    assert_eq!(
        requests.count_queue(&both, &all, today, 40).await.unwrap(),
        40,
        "counting stops where asked"
    );
    let agencies = requests.list_agencies_in(&hn).await.unwrap();
    assert!(agencies.iter().all(|a| a.code.starts_with("HN-")) && !agencies.is_empty());
}

async fn mail_is_claimed_once_and_retried_after_a_failure(backend: Backend) {
    use app::domain::requests::RequestKind;
    let store = with_demo(&backend).await;
    let other = backend.open().await;
    for n in 0..6 {
        let (new, event) = request(
            &format!("p{n}"),
            "HN",
            RequestKind::Access,
            "2026-06-01",
            "2026-06-22",
        );
        store.file_request(&new, &event).await.unwrap();
    }
    let now = JUNE + 100;
    let (a, b) = tokio::join!(store.claim_mail(now, 120, 4), other.claim_mail(now, 120, 4));
    let (a, mut b) = (a.unwrap(), b.unwrap());
    // On PostgreSQL the second claimer can find the rows it waited on taken
    // and claim fewer (READ COMMITTED re-checks them): what is left is
    // claimed by the next pass, never twice.
    b.extend(store.claim_mail(now, 120, 10).await.unwrap());
    let ids: BTreeSet<i64> = a.iter().chain(&b).map(|m| m.id).collect();
    assert_eq!(ids.len(), a.len() + b.len(), "no mail claimed twice");
    assert_eq!(ids.len(), 6);
    assert!(store.claim_mail(now + 1, 120, 10).await.unwrap().is_empty());
    let mut all: Vec<_> = a.into_iter().chain(b).collect();
    all.sort_by_key(|m| m.id);
    assert!(all[0].reference.starts_with("YC-2026-"));
    assert_eq!(all[0].to, "dpo.hn@demo.example");
    for (n, mail) in all.iter().enumerate() {
        let delivery = match n {
            0 => app::server::Delivery::Retry {
                at: now + 60,
                error: "connection refused".to_owned(),
            },
            1 => app::server::Delivery::Refused {
                error: "550 5.1.1 no such user".to_owned(),
            },
            _ => app::server::Delivery::Sent,
        };
        store
            .finish_mail(mail.id, &delivery, now + 2)
            .await
            .unwrap();
    }
    assert!(
        store
            .claim_mail(now + 59, 120, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let retried = store.claim_mail(now + 60, 120, 10).await.unwrap();
    assert_eq!(retried.len(), 1, "the refused one is not tried again");
    assert_eq!((retried[0].id, retried[0].attempts), (all[0].id, 2));
    let refused = store
        .list_undelivered_mail(&all[1].reference)
        .await
        .unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].refused_at, now + 2);
    assert!(refused[0].error.starts_with("550"));
    assert!(
        store
            .list_undelivered_mail(&all[2].reference)
            .await
            .unwrap()
            .is_empty()
    );
    // Retention: sent and refused mail goes; the one still to retry stays.
    assert_eq!(store.delete_mail_before(now + 3).await.unwrap(), 5);
    let left = store.claim_mail(now + 10_000, 120, 10).await.unwrap();
    assert_eq!(left.iter().map(|m| m.id).collect::<Vec<_>>(), [all[0].id]);
}

async fn mail_to_a_requester_waits_until_the_address_is_confirmed(backend: Backend) {
    use app::domain::requests::{RequestKind, confirmation_hash};
    let store = with_demo(&backend).await;
    let token = "ab".repeat(32);
    let (mut new, event) = request("p1", "HN", RequestKind::Access, "2026-06-01", "2026-06-22");
    let to_mai = |template: &str, token: Option<&str>| app::server::Mail {
        to: "mai@example.vn".into(),
        lang: Lang::Vi,
        template: template.into(),
        owner: Some("p1".into()),
        confirm_token: token.map(str::to_owned),
        confirm_hash: token.map(confirmation_hash),
    };
    new.mails = vec![
        to_mai("mail-confirm-address", Some(&token)),
        to_mai("mail-request-filed", None),
    ];
    store.file_request(&new, &event).await.unwrap();
    let state = |owner: &'static str| store.address_state(owner, "mai@example.vn");
    assert_eq!(
        state("p1").await.unwrap(),
        app::server::AddressState::Pending { issued_at: JUNE }
    );
    let now = JUNE + 100;
    let first = store.claim_mail(now, 120, 10).await.unwrap();
    assert_eq!(
        first
            .iter()
            .map(|m| m.template.as_str())
            .collect::<Vec<_>>(),
        ["mail-confirm-address"],
        "the filed mail waits"
    );
    assert_eq!(first[0].token.as_deref(), Some(token.as_str()));
    store
        .finish_mail(first[0].id, &app::server::Delivery::Sent, now)
        .await
        .unwrap();
    // A stale token (issued before the window) does not confirm.
    assert!(
        !store
            .confirm_address(&confirmation_hash(&token), now, now + 1)
            .await
            .unwrap()
    );
    assert!(
        store
            .confirm_address(&confirmation_hash(&token), now, now - 7 * DAY)
            .await
            .unwrap()
    );
    assert!(
        !store
            .confirm_address(&confirmation_hash(&token), now, now - 7 * DAY)
            .await
            .unwrap(),
        "spent"
    );
    assert_eq!(
        state("p1").await.unwrap(),
        app::server::AddressState::Confirmed
    );
    assert_eq!(
        state("p2").await.unwrap(),
        app::server::AddressState::Unknown,
        "per owner"
    );
    let held = store.claim_mail(now + 200, 120, 10).await.unwrap();
    assert_eq!(
        held.iter().map(|m| m.template.as_str()).collect::<Vec<_>>(),
        ["mail-request-filed"]
    );
}

async fn files_of_long_closed_requests_are_purged_and_nothing_else(backend: Backend) {
    use app::domain::requests::RequestKind;
    let store = with_demo(&backend).await;
    let mut ids = Vec::new();
    let mut references = Vec::new();
    for n in 0..3 {
        let (mut new, event) = request(
            &format!("p{n}"),
            "HN",
            RequestKind::Access,
            "2026-06-01",
            "2026-06-22",
        );
        new.attachments = vec![app::server::NewAttachment {
            file_name: "scan.pdf".into(),
            media_type: "application/pdf".into(),
            bytes: b"%PDF-1.4 scan".to_vec(),
        }];
        let filed = store.file_request(&new, &event).await.unwrap();
        ids.push(filed.id);
        references.push(filed.reference);
    }
    // Closed long ago, closed yesterday, and still open.
    let day = |unix: i64| time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    for (id, when) in [(ids[0], JUNE), (ids[1], JUNE + 99 * DAY)] {
        let when = day(when)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let at = match backend {
            Backend::Sqlite(_) => format!("'{when}'"),
            Backend::Postgres(_) => format!("'{when}'::timestamptz"),
        };
        backend
            .execute(&format!(
                "UPDATE requests SET status = 'closed', updated_at = {at} WHERE id = {id}"
            ))
            .await;
    }
    let purged = store
        .purge_closed_request_files(JUNE + 50 * DAY, JUNE + 100 * DAY)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let files = |n: usize| {
        let store = store.clone();
        let reference = references[n].clone();
        async move {
            store
                .find_request(&reference)
                .await
                .unwrap()
                .unwrap()
                .attachments
        }
    };
    let gone = files(0).await;
    assert_eq!(gone[0].purged_at, Some(JUNE + 100 * DAY));
    assert_eq!(gone[0].file_name, "scan.pdf", "the name stays");
    let file = store.find_attachment(&gone[0].id).await.unwrap().unwrap();
    assert!(file.bytes.is_empty(), "the content is gone");
    assert_eq!(files(1).await[0].purged_at, None, "closed too recently");
    assert_eq!(files(2).await[0].purged_at, None, "still open");
    assert_eq!(
        store
            .purge_closed_request_files(JUNE + 50 * DAY, JUNE + 101 * DAY)
            .await
            .unwrap(),
        0,
        "once"
    );
}

async fn deadline_reminders_are_recorded_once(backend: Backend) {
    use app::domain::requests::RequestKind;
    let store = with_demo(&backend).await;
    let (new, event) = request("p1", "HN", RequestKind::Access, "2026-06-01", "2026-06-05");
    let filed = store.file_request(&new, &event).await.unwrap();
    let (later, event) = request("p1", "HN", RequestKind::Access, "2026-07-20", "2026-07-30");
    store.file_request(&later, &event).await.unwrap();
    let due = store.list_due_reminders("2026-06-05", 10).await.unwrap();
    // The acknowledgement (due 1 June) and the decision (5 June) of the first.
    let mut kinds: Vec<_> = due
        .iter()
        .map(|d| (d.reference.clone(), d.deadline.code().to_owned()))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            (filed.reference.clone(), "acknowledge".to_owned()),
            (filed.reference.clone(), "decide".to_owned()),
        ]
    );
    let notice = [app::server::Notice {
        recipient: Addressee::Team("HN".into()),
        message_id: "notice-deadline-reminder".into(),
    }];
    assert!(
        store
            .record_reminder(&due[0], &notice, &[], JUNE)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_reminder(&due[0], &notice, &[], JUNE)
            .await
            .unwrap(),
        "once"
    );
    let left = store.list_due_reminders("2026-06-05", 10).await.unwrap();
    assert_eq!(left.len(), 1);
    let notices = store
        .list_notifications(&[Addressee::Team("HN".into())], 10)
        .await
        .unwrap();
    assert_eq!(
        notices
            .iter()
            .filter(|n| n.message_id == "notice-deadline-reminder")
            .count(),
        1
    );
    assert!(notices.iter().all(|n| n.team && !n.read));
    assert_eq!(
        store
            .mark_notifications_read(&[Addressee::Team("HN".into())], JUNE)
            .await
            .unwrap(),
        notices.len() as u64
    );
    assert!(
        store
            .list_notifications(&[Addressee::Person("p1".into())], 10)
            .await
            .unwrap()
            .is_empty(),
        "the team's notices are not the person's"
    );
}

async fn staff_views_are_kept_once_a_day_and_spanning_requests_found(backend: Backend) {
    use app::domain::requests::{RequestKind, StaffMember, ViewAction};
    let store = with_demo(&backend).await;
    let (new, event) = request("p1", "HN", RequestKind::Access, "2026-06-01", "2026-06-11");
    let filed = store.file_request(&new, &event).await.unwrap();
    assert!(!filed.legacy_deadlines, "filed under the decree's table");
    let (new, event) = request("p1", "HN", RequestKind::Access, "2026-06-20", "2026-06-30");
    let later = store.file_request(&new, &event).await.unwrap();
    let usage = store.filing_usage("p1", JUNE - 86_400).await.unwrap();
    assert_eq!(usage.filed_today, 2);
    assert_eq!(usage.stored_bytes, 0);
    assert_eq!(
        store
            .filing_usage("p1", JUNE + 1)
            .await
            .unwrap()
            .filed_today,
        0,
        "counted from `since`"
    );
    assert_eq!(
        store.filing_usage("nobody", 0).await.unwrap().filed_today,
        0
    );
    let officer = StaffMember {
        pseudonym: "dpo-1".into(),
        full_name: "Phạm Minh Đức".into(),
    };
    let ids = [filed.id, later.id];
    for _ in 0..3 {
        store
            .record_viewings(&ids, &officer, ViewAction::Opened, JUNE)
            .await
            .unwrap();
    }
    store
        .record_viewings(&ids[..1], &officer, ViewAction::Exported, JUNE + 60)
        .await
        .unwrap();
    store
        .record_viewings(&ids[..1], &officer, ViewAction::Opened, JUNE + 86_400)
        .await
        .unwrap();
    let seen = store.list_viewings(filed.id).await.unwrap();
    let actions: Vec<ViewAction> = seen.iter().map(|v| v.action).collect();
    assert_eq!(
        actions,
        [ViewAction::Opened, ViewAction::Exported, ViewAction::Opened],
        "once a day per action, newest first"
    );
    assert!(seen.iter().all(|v| v.viewer_name == "Phạm Minh Đức"));
    assert_eq!(store.list_viewings(later.id).await.unwrap().len(), 1);
    store
        .record_viewings(&[], &officer, ViewAction::Opened, JUNE)
        .await
        .unwrap();

    // A change on 5 June touches the first (received before, due after),
    // not the one received later.
    let spanning = store.list_spanning("2026-06-05", 100).await.unwrap();
    let references: Vec<&str> = spanning.iter().map(|r| r.reference.as_str()).collect();
    assert!(references.contains(&filed.reference.as_str()));
    assert!(!references.contains(&later.reference.as_str()));
    assert!(
        store
            .list_spanning("2026-06-05", 0)
            .await
            .unwrap()
            .is_empty()
    );
}

fn appointment_form<'a>(id: &'a str, role: &'a str, province: &'a str) -> AppointmentForm<'a> {
    AppointmentForm {
        personal_id: id,
        full_name: "Ngô Thị Lan",
        role,
        province,
        decision_number: "12/QĐ-UBND",
        decision_date: "2026-11-30",
        reason: "Bổ nhiệm theo quyết định",
    }
}

async fn appointments_are_audited_and_the_last_administrator_stays(backend: Backend) {
    let store = with_demo(&backend).await;
    let provinces = store.list_provinces().await.unwrap();
    let people = pseudonymizer();
    let pseudonym_of = |id: &str| {
        people
            .pseudonym(&app::domain::PersonalId::parse(id).unwrap())
            .as_str()
            .to_owned()
    };
    let admin = Actor {
        pseudonym: "admin-pseudonym".into(),
        name: "Hoàng Thu Hà".into(),
    };
    let now = 1_800_000_000;
    let dpo = appointment_form("001234567890", "dpo", "HN")
        .parse(&provinces)
        .unwrap();
    let Appointed::New(dpo_id) = store
        .appoint(&pseudonym_of("001234567890"), &dpo, Some(&admin), now)
        .await
        .unwrap()
    else {
        panic!("a new appointment");
    };
    // Appointing again changes nothing and is not recorded twice.
    assert_eq!(
        store
            .appoint(&pseudonym_of("001234567890"), &dpo, Some(&admin), now + 1)
            .await
            .unwrap(),
        Appointed::AlreadyHeld(dpo_id)
    );
    let standing = store
        .find_standing(&pseudonym_of("001234567890"))
        .await
        .unwrap();
    assert_eq!(standing.grants, vec![dpo.grant.clone()]);
    // The national unit's staff read as the DPOs of `VN`.
    let national = appointment_form("001234567891", "national-unit", "")
        .parse(&provinces)
        .unwrap();
    store
        .appoint(&pseudonym_of("001234567891"), &national, None, now + 2)
        .await
        .unwrap();
    assert_eq!(
        store
            .find_standing(&pseudonym_of("001234567891"))
            .await
            .unwrap()
            .grants,
        vec![RoleGrant {
            role: Role::Dpo,
            province_code: Some("VN".into())
        }]
    );
    let held = store.list_appointments().await.unwrap();
    let lan = held.iter().find(|a| a.id == dpo_id).unwrap();
    assert_eq!(lan.full_name.as_deref(), Some("Ngô Thị Lan"));
    assert_eq!(lan.masked_id.as_deref(), Some("••••••••7890"));
    assert_eq!(lan.decision, dpo.decision);
    assert_eq!(
        (lan.since, lan.appointed_by.as_deref()),
        (now, Some("Hoàng Thu Hà"))
    );
    assert!(
        held.iter()
            .all(|a| a.masked_id.as_deref() != Some("001234567890")),
        "the number is never kept"
    );
    // A province that does not exist writes nothing.
    let mut nowhere = dpo.clone();
    nowhere.grant.province_code = Some("NOPE".into());
    assert!(matches!(
        store.appoint("p9", &nowhere, Some(&admin), now).await,
        Err(StoreError::NotFound)
    ));

    let revoked = store
        .revoke_appointment(dpo_id, "Chuyển công tác", Some(&admin), true, now + 10)
        .await
        .unwrap();
    assert_eq!(revoked.grant, dpo.grant);
    assert!(
        store
            .find_standing(&pseudonym_of("001234567890"))
            .await
            .unwrap()
            .grants
            .is_empty(),
        "the next request finds no role"
    );
    assert!(matches!(
        store
            .revoke_appointment(dpo_id, "again", Some(&admin), true, now + 11)
            .await,
        Err(StoreError::NotFound)
    ));

    let changes = store.list_admin_changes(10).await.unwrap();
    let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ChangeKind::Revoked,
            ChangeKind::Appointed,
            ChangeKind::Appointed
        ]
    );
    assert_eq!(changes[0].reason, "Chuyển công tác");
    assert_eq!(changes[0].actor.as_deref(), Some("Hoàng Thu Hà"));
    assert_eq!(changes[0].grant.as_ref(), Some(&dpo.grant));
    assert_eq!(changes[0].person_masked_id.as_deref(), Some("••••••••7890"));
    assert_eq!(changes[1].actor, None, "the command line");
    assert_eq!(store.list_admin_changes(1).await.unwrap().len(), 1);

    // Two administrators revoking each other at once: one of them stays.
    let first = appointment_form("001234567892", "administrator", "")
        .parse(&provinces)
        .unwrap();
    let second = appointment_form("001234567893", "administrator", "")
        .parse(&provinces)
        .unwrap();
    let before: Vec<i64> = store
        .list_appointments()
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.grant.role == Role::Administrator)
        .map(|a| a.id)
        .collect();
    for id in before {
        store
            .revoke_appointment(id, "tidy", None, false, now + 20)
            .await
            .unwrap();
    }
    let mut ids = Vec::new();
    for (id, new) in [("001234567892", &first), ("001234567893", &second)] {
        match store
            .appoint(&pseudonym_of(id), new, None, now + 30)
            .await
            .unwrap()
        {
            Appointed::New(id) => ids.push(id),
            other => panic!("{other:?}"),
        }
    }
    let (a, b) = tokio::join!(
        store.revoke_appointment(ids[0], "x", Some(&admin), true, now + 40),
        store.revoke_appointment(ids[1], "y", Some(&admin), true, now + 40),
    );
    assert_eq!(
        usize::from(a.is_ok()) + usize::from(b.is_ok()),
        1,
        "{a:?} {b:?}"
    );
    let refused = if a.is_err() { a } else { b };
    assert!(
        matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint == "last-administrator")
            || matches!(&refused, Err(StoreError::Unavailable(_))),
        "{refused:?}"
    );
    let administrators = store
        .list_appointments()
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.grant.role == Role::Administrator)
        .count();
    assert_eq!(administrators, 1);
}

async fn the_gauges_count_open_requests_by_deadline_the_outbox_and_leases(backend: Backend) {
    use app::domain::requests::RequestKind;
    let store = with_demo(&backend).await;
    // JUNE is 1 June 2026 in Viet Nam.
    let today = app::domain::datetime::iso_date(JUNE);
    assert_eq!(today, "2026-06-01");
    for (handler, decide_by) in [
        ("HN", "2026-05-29"),
        ("HN", "2026-06-01"),
        ("HN", "2026-06-04"),
        ("HN", "2026-06-05"),
        ("HUE", "2026-06-02"),
    ] {
        let (new, event) = request("p1", handler, RequestKind::Access, "2026-05-01", decide_by);
        store.file_request(&new, &event).await.unwrap();
    }
    assert!(
        store
            .take_lease("reminders", "instance-a", JUNE, 60)
            .await
            .unwrap()
    );
    assert!(
        store
            .take_lease("expiry", "instance-b", JUNE - 600, 60)
            .await
            .unwrap()
    );
    let gauges = store.read_gauges(JUNE, 3).await.unwrap();
    assert_eq!(
        gauges.open_requests,
        vec![
            app::server::OpenRequests {
                handler: "HN".into(),
                near: 2,
                past: 1
            },
            app::server::OpenRequests {
                handler: "HUE".into(),
                near: 1,
                past: 0
            },
        ]
    );
    // Each filing queued one mail to the office, none sent yet.
    assert_eq!(gauges.outbox_depth, 5);
    assert_eq!(gauges.outbox_oldest_at, Some(JUNE));
    assert_eq!(
        gauges.leases,
        vec![app::server::LeaseHolder {
            job: "reminders".into(),
            holder: "instance-a".into()
        }],
        "the expired lease is nobody's"
    );
}

macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$scenario(super::Backend::sqlite()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    if let Some(backend) = super::Backend::postgres().await {
                        super::$scenario(backend).await;
                    }
                }
            )*
        }
    };
}

on_both_databases!(
    migrations_create_the_34_provinces_in_listing_order,
    reopening_applies_no_migration_twice,
    demo_data_loads_once_and_lists_in_province_order,
    concurrent_first_starts_load_demo_data_exactly_once,
    a_failed_demo_load_writes_nothing,
    one_officer_per_province_is_enforced,
    demo_staff_get_their_roles_and_citizens_none,
    role_grants_are_unique_and_need_a_real_province,
    a_standing_holds_the_grants_and_the_generation_in_one_read,
    account_events_are_private_newest_first_and_limited,
    sessions_round_trip_and_expired_ones_are_deleted,
    consents_are_granted_withdrawn_and_refused_without_a_trace,
    the_consent_chain_finds_an_edited_record,
    changes_at_once_end_in_one_consistent_state,
    the_change_feed_misses_nothing,
    consents_expire_by_themselves_once,
    data_shared_without_active_consent_is_flagged,
    proofs_take_two_reads_and_check_out_at_every_edge,
    representatives_see_only_their_own_links,
    the_calendar_is_the_seed_and_administrators_change_it,
    one_instance_holds_a_job_lease_at_a_time,
    requests_are_numbered_chained_and_stepped_only_at_their_version,
    references_stay_unique_when_filed_at_once,
    the_public_figures_are_counted_in_the_database,
    the_queue_filters_pages_and_counts_one_provinces_requests,
    mail_is_claimed_once_and_retried_after_a_failure,
    mail_to_a_requester_waits_until_the_address_is_confirmed,
    files_of_long_closed_requests_are_purged_and_nothing_else,
    deadline_reminders_are_recorded_once,
    staff_views_are_kept_once_a_day_and_spanning_requests_found,
    appointments_are_audited_and_the_last_administrator_stays,
    the_gauges_count_open_requests_by_deadline_the_outbox_and_leases,
);

#[test]
fn both_engines_have_the_same_migrations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let names = |engine: &str| -> BTreeSet<String> {
        fs::read_dir(root.join(engine))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for name in &sqlite {
        let (version, rest) = name.split_once('_').unwrap();
        assert_eq!(version.len(), 14, "{name}: YYYYMMDDHHMMSS_verb_object.sql");
        assert!(version.bytes().all(|b| b.is_ascii_digit()), "{name}");
        assert!(rest.ends_with(".sql"), "{name}");
    }
}
