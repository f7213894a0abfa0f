//! Mail: the outbox sender and the deadline reminders. Mail is written to
//! the outbox in the same transaction as the change it tells of; a sender
//! on any instance claims due rows, sends them over SMTP and marks them
//! sent, or leaves them for a later try (backing off up to an hour), so an
//! SMTP outage delays mail and loses none. Messages carry no personal
//! data: the reference and a link to sign in (`../shared/ux.md`).

use std::time::Duration;

use app::{
    domain::{deadlines::Date, requests::Addressee},
    i18n::{key, translate, translate_with},
    server::{Delivery, DueReminder, Mail, Notice, OutboxMail, Store},
};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};

/// Every template: each has `<template>-subject` and `<template>-body`.
pub const TEMPLATES: [&str; 5] = [
    "mail-confirm-address",
    "mail-request-new",
    "mail-request-filed",
    "mail-request-updated",
    "mail-deadline-reminder",
];

/// Subject and plain-text body of a queued mail, in its language.
pub fn render(mail: &OutboxMail, public_url: &str) -> (String, String) {
    let base = public_url.trim_end_matches('/');
    // A confirmation mail's link carries its token; every other mail's
    // leads to sign-in.
    let link = match &mail.token {
        Some(token) => format!("{base}/email/confirm?token={token}"),
        None => format!("{base}/auth/sign-in"),
    };
    let args = [("reference", mail.reference.clone()), ("link", link)];
    let subject = translate_with(mail.lang, &format!("{}-subject", mail.template), &args);
    let body = format!(
        "{}\n\n-- \n{}\n",
        translate_with(mail.lang, &format!("{}-body", mail.template), &args),
        translate(mail.lang, key("mail-footer")),
    );
    (subject, body)
}

/// Seconds to wait before the next try after `attempts` failed ones: `first`
/// after the first, doubling, an hour at most.
pub fn backoff(attempts: i64, first: i64) -> i64 {
    let exponent = attempts.clamp(1, 13) - 1;
    (first.max(1) * (1_i64 << exponent)).min(3_600)
}

/// Sends mail over SMTP.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    /// The first wait before a retry (`MAIL_RETRY_SECONDS`).
    retry_first: i64,
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|error| format!("SMTP_URL: {error}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Mailer {
            transport,
            from: from
                .parse()
                .map_err(|error| format!("MAIL_FROM: {error}"))?,
            public_url: public_url.to_owned(),
            retry_first: 60,
        })
    }

    /// Retries wait `seconds` after the first failure, then twice as long
    /// each time, up to an hour.
    pub fn retrying_after(self, seconds: i64) -> Mailer {
        Mailer {
            retry_first: seconds,
            ..self
        }
    }

    /// Sends one mail; a refusal for good (a 5xx answer, an address that
    /// cannot be written) is told apart from a failure that may pass.
    async fn send(&self, mail: &OutboxMail, retry_at: i64) -> Delivery {
        let retry = |error: String| Delivery::Retry {
            at: retry_at,
            error,
        };
        let to: Mailbox = match mail.to.parse() {
            Ok(to) => to,
            Err(error) => {
                return Delivery::Refused {
                    error: format!("bad address: {error}"),
                };
            }
        };
        let (subject, body) = render(mail, &self.public_url);
        let message = match Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
        {
            Ok(message) => message,
            Err(error) => return retry(error.to_string()),
        };
        match self.transport.send(message).await {
            Ok(_) => Delivery::Sent,
            Err(error) if error.is_permanent() => Delivery::Refused {
                error: error.to_string(),
            },
            Err(error) => retry(error.to_string()),
        }
    }

    /// Sends what is due; returns how many went.
    pub async fn send_due(&self, store: &dyn Store, now: i64) -> usize {
        let mails = match store.claim_mail(now, 120, 20).await {
            Ok(mails) => mails,
            Err(error) => {
                tracing::warn!(%error, "cannot read the outbox");
                return 0;
            }
        };
        let mut sent = 0;
        for mail in mails {
            let delivery = self
                .send(&mail, now + backoff(mail.attempts, self.retry_first))
                .await;
            // The address is personal data: the id only.
            match &delivery {
                Delivery::Sent => sent += 1,
                Delivery::Retry { error, .. } => {
                    tracing::warn!(id = mail.id, attempts = mail.attempts, %error, "mail not sent; will retry")
                }
                Delivery::Refused { error } => {
                    tracing::warn!(id = mail.id, %error, "mail refused for good; not retried")
                }
            }
            if let Err(error) = store.finish_mail(mail.id, &delivery, now).await {
                tracing::warn!(%error, "cannot record a mail's outcome");
            }
        }
        sent
    }
}

/// Reminds DPOs of deadlines within two working days (in-app and by mail
/// to the province's published address), each deadline once.
pub async fn remind(store: &dyn Store, now: i64) -> Result<usize, app::server::StoreError> {
    let calendar = store.load_calendar().await?.calendar();
    let today = Date::of_unix(now);
    // Past the calendar's years, two calendar days stand in.
    let horizon = calendar
        .working_days_after(today, 2)
        .unwrap_or_else(|_| today.add_days(2))
        .iso();
    let due = store.list_due_reminders(&horizon, 200).await?;
    // Most ticks find nothing: no need for the addresses then.
    if due.is_empty() {
        return Ok(0);
    }
    let officers = store.list_data_protection_officers().await?;
    let national = store.find_national_unit().await?;
    let mut recorded = 0;
    for reminder in due {
        let email = officers
            .iter()
            .find(|o| o.province.code == reminder.handler)
            .map(|o| o.email.clone())
            .unwrap_or_else(|| national.email.clone());
        if record_reminder(store, &reminder, email, now).await? {
            recorded += 1;
        }
    }
    Ok(recorded)
}

async fn record_reminder(
    store: &dyn Store,
    reminder: &DueReminder,
    email: String,
    now: i64,
) -> Result<bool, app::server::StoreError> {
    let notices = [Notice {
        recipient: Addressee::Team(reminder.handler.clone()),
        message_id: key("notice-deadline-reminder").into(),
    }];
    let mails = [Mail::to_office(&email, "mail-deadline-reminder")];
    store.record_reminder(reminder, &notices, &mails, now).await
}

#[cfg(test)]
mod tests {
    use app::domain::Lang;

    use super::*;

    #[test]
    fn every_template_has_a_subject_and_a_body_in_both_languages() {
        for template in TEMPLATES {
            for lang in Lang::ALL {
                for part in ["subject", "body"] {
                    let key = format!("{template}-{part}");
                    let text = translate_with(
                        lang,
                        &key,
                        &[("reference", "R".into()), ("link", "L".into())],
                    );
                    assert!(text != key && text.contains('R'), "{key} in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn mail_names_the_reference_and_the_way_in_and_nothing_else() {
        let mail = OutboxMail {
            id: 1,
            to: "mai@example.vn".into(),
            lang: Lang::En,
            template: "mail-request-updated".into(),
            reference: "YC-2026-000042".into(),
            attempts: 1,
            token: None,
        };
        let (subject, body) = render(&mail, "https://dulieu.example.vn/");
        assert!(subject.contains("YC-2026-000042"));
        assert!(body.contains("https://dulieu.example.vn/auth/sign-in"));
        assert!(!body.contains("mai@example.vn"));
        let vi = render(
            &OutboxMail {
                lang: Lang::Vi,
                ..mail.clone()
            },
            "https://dulieu.example.vn",
        );
        assert_ne!(vi.0, subject, "translated");
        let confirm = render(
            &OutboxMail {
                template: "mail-confirm-address".into(),
                token: Some("abc123".into()),
                ..mail
            },
            "https://dulieu.example.vn",
        );
        assert!(
            confirm
                .1
                .contains("https://dulieu.example.vn/email/confirm?token=abc123"),
            "{}",
            confirm.1
        );
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(backoff(1, 60), 60);
        assert_eq!(backoff(2, 60), 120);
        assert_eq!(backoff(3, 60), 240);
        assert_eq!(backoff(7, 60), 3_600);
        assert_eq!(backoff(50, 60), 3_600);
        assert!((1..20).all(|n| backoff(n + 1, 60) >= backoff(n, 60)));
        assert_eq!(backoff(1, 1), 1);
        assert_eq!(backoff(13, 1), 3_600);
    }
}
