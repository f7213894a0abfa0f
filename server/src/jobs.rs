//! Background jobs, each on its own interval on every instance: deleting
//! expired sessions, account events and mail past retention, expiring consents,
//! sending the outbox and recording deadline reminders. A job that must
//! run once across instances takes a lease in the database first.

use std::{sync::Arc, time::Duration};

use app::server::Store;

use crate::{mail::Mailer, storage::DbSessionStore};

/// The running jobs; dropping this stops them.
pub struct Jobs {
    _running: Vec<AbortOnDrop<()>>,
}

/// Starts every background job.
pub fn start(
    store: Arc<dyn Store>,
    sessions: DbSessionStore,
    mailer: Option<Mailer>,
    mail_poll: Duration,
    pruners: Vec<Pruner>,
    retention: app::domain::retention::Retention,
) -> Jobs {
    // Expired sessions are deleted every five minutes, on every instance
    // (deleting the same rows twice is harmless).
    let cleaner = tokio::spawn(async move {
        use tower_sessions::ExpiredDeletion as _;
        if let Err(error) = sessions
            .continuously_delete_expired(Duration::from_secs(300))
            .await
        {
            tracing::warn!(%error, "the expired-session cleaner stopped");
        }
    });
    Jobs {
        _running: vec![
            AbortOnDrop(cleaner),
            AbortOnDrop(tokio::spawn(enforce_retention(store.clone(), retention))),
            AbortOnDrop(tokio::spawn(expire_consents(store.clone()))),
            AbortOnDrop(tokio::spawn(send_mail_and_remind(store, mailer, mail_poll))),
            AbortOnDrop(tokio::spawn(prune_limiters(pruners))),
        ],
    }
}

/// Records the expiry of consents past their validity, every minute, on
/// the instance holding the job's lease (and each expiry is written under
/// the consent lock after a fresh look at the state, so even two sweeps
/// never record one twice). Pages and the agencies' check read an overdue
/// consent as expired at once.
async fn expire_consents(store: Arc<dyn Store>) {
    // This process's name in the job leases.
    let holder = uuid::Uuid::now_v7().to_string();
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        // One instance sweeps a minute; the lease ends before the next tick.
        match store.take_lease("consent-expiry", &holder, now, 55).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => {
                tracing::warn!(%error, "cannot take the consent-expiry lease");
                continue;
            }
        }
        match store.expire_consents(now, 1_000).await {
            Ok(0) => {}
            Ok(expired) => tracing::info!(expired, "consents past their validity expired"),
            Err(error) => tracing::warn!(%error, "cannot expire consents"),
        }
    }
}

/// Deletes what is past its retention (account events, files of closed
/// requests, sent and refused mail), hourly, on the instance holding the
/// job's lease.
async fn enforce_retention(store: Arc<dyn Store>, retention: app::domain::retention::Retention) {
    let holder = uuid::Uuid::now_v7().to_string();
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        match store.take_lease("retention", &holder, now, 3_000).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => {
                tracing::warn!(%error, "cannot take the retention lease");
                continue;
            }
        }
        match store
            .delete_account_events_before(retention.account_events_cutoff(now))
            .await
        {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "account events past retention deleted"),
            Err(error) => tracing::warn!(%error, "cannot delete old account events"),
        }
        let closed_before = retention.closed_request_files_cutoff(now);
        match store.purge_closed_request_files(closed_before, now).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "files of long-closed requests deleted"),
            Err(error) => tracing::warn!(%error, "cannot delete files of closed requests"),
        }
        match store.delete_mail_before(retention.mail_cutoff(now)).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "mail past retention deleted"),
            Err(error) => tracing::warn!(%error, "cannot delete old mail"),
        }
    }
}

/// Stops a background task when dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Forgets a rate limiter's clients whose buckets are full again, so the
/// limiter's memory follows the clients of the last moments, not every
/// client ever seen.
pub type Pruner = Box<dyn Fn() + Send + Sync>;

/// A pruner for a keyed limiter.
pub fn pruner<K>(limiter: Arc<governor::DefaultKeyedRateLimiter<K>>) -> Pruner
where
    K: std::hash::Hash + Eq + Clone + Send + Sync + 'static,
{
    Box::new(move || {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    })
}

/// Every minute, on every instance (each keeps its own limiters).
async fn prune_limiters(pruners: Vec<Pruner>) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        for prune in &pruners {
            prune();
        }
    }
}

/// The outbox sender and the reminders, every `poll`. Sending runs on
/// every instance (claims keep two from sending one mail); reminders run
/// on the instance holding their lease.
async fn send_mail_and_remind(store: Arc<dyn Store>, mailer: Option<Mailer>, poll: Duration) {
    let holder = uuid::Uuid::now_v7().to_string();
    let mut every = tokio::time::interval(poll);
    loop {
        every.tick().await;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if let Some(mailer) = &mailer {
            mailer.send_due(&*store, now).await;
        }
        match store
            .take_lease("deadline-reminders", &holder, now, poll.as_secs() as i64)
            .await
        {
            Ok(true) => match crate::mail::remind(&*store, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "deadline reminders recorded"),
                Err(error) => tracing::warn!(%error, "cannot record deadline reminders"),
            },
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "cannot take the reminders lease"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_forgets_clients_whose_buckets_are_full_again() {
        let rate = crate::config::RateLimit {
            burst: 2,
            period: Duration::from_millis(1),
        };
        let limiter = crate::http::agency_api::agency_limiter(&rate);
        for client in 0..500 {
            let _ = limiter.check_key(&format!("client-{client}"));
        }
        assert_eq!(limiter.len(), 500, "one bucket per client seen");
        std::thread::sleep(Duration::from_millis(20));
        pruner(limiter.clone())();
        assert!(limiter.is_empty(), "{} left", limiter.len());
    }
}
