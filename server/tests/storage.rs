//! One storage suite, run on SQLite and on PostgreSQL. The PostgreSQL half
//! needs `TEST_POSTGRES_URL` (a database whose user may create databases);
//! each test gets a throwaway database of its own. Under `CI` a missing URL
//! is a failure, not a skip.

use std::{collections::BTreeSet, fs, path::Path, sync::Arc};

use app::{
    domain::{
        AccountEvent, AccountEventKind, DataProtectionOfficer, Province, ProvinceKind, Role,
        RoleGrant,
    },
    server::{DemoData, Store, StoreError},
};
use server::{
    auth::Pseudonymizer,
    config::{Settings, SqliteSynchronous},
    demo,
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
    let (dpo, _) = demo
        .role_grants
        .iter()
        .find(|(_, grant)| grant.role == Role::Dpo)
        .unwrap();
    assert_eq!(
        store.list_role_grants(dpo).await.unwrap(),
        [RoleGrant {
            role: Role::Dpo,
            province_code: Some("HN".into())
        }]
    );
    assert!(store.list_role_grants("nobody").await.unwrap().is_empty());
}

async fn role_grants_are_unique_and_need_a_real_province(backend: Backend) {
    let store = backend.open().await;
    let dpo_hcm = RoleGrant {
        role: Role::Dpo,
        province_code: Some("HCM".into()),
    };
    let auditor = RoleGrant {
        role: Role::Auditor,
        province_code: None,
    };
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
    account_events_are_private_newest_first_and_limited,
    sessions_round_trip_and_expired_ones_are_deleted,
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
