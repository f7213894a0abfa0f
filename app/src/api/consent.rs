//! Consent: the catalogue with the person's own state per purpose, grant
//! and withdraw (for oneself, or as a legal representative "acting for"
//! a child or an adult without capacity), receipts and history. The person
//! acted for is named by the link's id, which only its representative can
//! use: no argument can name anybody else.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::domain::consent::FlaggedEvent;
use crate::{
    domain::consent::{ConsentRecord, ConsentStatus, Purpose, Representation},
    error::AppError,
};

/// The person acted for, as the pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acting {
    pub link: Representation,
    /// Age in years today.
    pub age: Option<u32>,
    /// Whether a grant needs the child's own agreement.
    pub needs_child_agreement: bool,
}

/// One purpose with the person's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeLine {
    pub purpose: Purpose,
    pub status: Option<ConsentStatus>,
}

/// What the consent page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentOverview {
    /// The person acted for, when not oneself.
    pub acting: Option<Acting>,
    /// Everybody the signed-in person may act for.
    pub representations: Vec<Representation>,
    pub purposes: Vec<PurposeLine>,
}

/// A person's records and whether their chain is intact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentHistory {
    pub acting: Option<Acting>,
    /// Newest first.
    pub records: Vec<RecordLine>,
    pub chain_intact: bool,
}

/// A record with the names people read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLine {
    pub record: ConsentRecord,
    pub purpose: Option<Purpose>,
    /// Whether the signed-in person made it themselves.
    pub by_me: bool,
}

#[cfg(feature = "ssr")]
pub use subject::{Subject, of as subject_of};

#[cfg(feature = "ssr")]
mod subject {
    use super::Acting;
    use crate::{
        error::AppError,
        server::{self, Principal, Store},
    };

    /// Whose consents a request is about: the signed-in person's own, or
    /// those of someone they represent (the link must be theirs and in
    /// force).
    pub struct Subject {
        pub pseudonym: String,
        pub acting: Option<Acting>,
    }

    pub async fn of(
        me: &Principal,
        acting_for: Option<i64>,
        store: &dyn Store,
    ) -> Result<Subject, AppError> {
        let Some(id) = acting_for else {
            return Ok(Subject {
                pseudonym: me.pseudonym.clone(),
                acting: None,
            });
        };
        let now = server::now();
        match store.find_represented(&me.pseudonym, id).await? {
            Some(found) if found.link.in_force(now) => Ok(Subject {
                pseudonym: found.subject,
                acting: Some(Acting {
                    age: found.link.age(now),
                    needs_child_agreement: found.link.needs_child_agreement(now),
                    link: found.link,
                }),
            }),
            // Not theirs, or no longer in force: the same answer, so ids
            // cannot be probed.
            _ => Err(server::with_status(AppError::Forbidden)),
        }
    }
}

/// The catalogue with the state of each purpose for the signed-in person,
/// or for someone they represent (`acting_for`). Any signed-in person.
#[server(prefix = "/fn", endpoint = "find_consent_overview", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_consent_overview(
    #[server(default)] acting_for: Option<i64>,
) -> Result<ConsentOverview, AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::ManageConsent)?;
    let store = server::use_store()?;
    let subject = subject::of(&me, acting_for, &*store).await?;
    let statuses = store
        .list_consent_statuses(&subject.pseudonym, server::now())
        .await?;
    let purposes = store
        .list_purposes()
        .await?
        .into_iter()
        .map(|purpose| PurposeLine {
            status: statuses
                .iter()
                .find(|s| s.purpose == purpose.purpose.code)
                .cloned(),
            purpose,
        })
        .collect();
    let now = server::now();
    let representations = store
        .list_representations(&me.pseudonym)
        .await?
        .into_iter()
        .filter(|link| link.in_force(now))
        .collect();
    Ok(ConsentOverview {
        acting: subject.acting,
        representations,
        purposes,
    })
}

/// One purpose and its state, for the grant or withdraw page.
#[server(prefix = "/fn", endpoint = "find_consent_purpose", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_consent_purpose(
    purpose: String,
    #[server(default)] acting_for: Option<i64>,
) -> Result<(PurposeLine, Option<Acting>), AppError> {
    use crate::{domain::Action, server};
    let me = server::require(&Action::ManageConsent)?;
    let store = server::use_store()?;
    let subject = subject::of(&me, acting_for, &*store).await?;
    let Some(found) = store
        .list_purposes()
        .await?
        .into_iter()
        .find(|p| p.purpose.code == purpose)
    else {
        return Err(server::with_status(AppError::NotFound));
    };
    let status = store
        .list_consent_statuses(&subject.pseudonym, server::now())
        .await?
        .into_iter()
        .find(|s| s.purpose == purpose);
    Ok((
        PurposeLine {
            purpose: found,
            status,
        },
        subject.acting,
    ))
}

/// Grants consent for one purpose, then goes to its receipt. A legal
/// representative acting for a child of 7 or over must confirm the child's
/// own agreement (`child_agreed` = "yes"). Any signed-in person.
#[server(prefix = "/fn", endpoint = "grant_consent")]
pub async fn grant_consent(
    purpose: String,
    #[server(default)] acting_for: Option<i64>,
    #[server(default)] child_agreed: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::consent::{ConsentAction, ConsentError};
    let child_agreed = child_agreed.as_deref() == Some("yes");
    change_consent(
        purpose,
        acting_for,
        ConsentAction::Grant,
        move |acting| match acting {
            Some(acting) if acting.needs_child_agreement && !child_agreed => {
                Err(ConsentError::ChildAgreementMissing)
            }
            Some(acting) if acting.needs_child_agreement => Ok(Some(true)),
            _ => Ok(None),
        },
    )
    .await
}

/// Withdraws consent for one purpose, then goes to its receipt. Takes no
/// more than granting did: one button. Any signed-in person.
#[server(prefix = "/fn", endpoint = "withdraw_consent")]
pub async fn withdraw_consent(
    purpose: String,
    #[server(default)] acting_for: Option<i64>,
) -> Result<(), AppError> {
    use crate::domain::consent::ConsentAction;
    change_consent(purpose, acting_for, ConsentAction::Withdraw, |_| Ok(None)).await
}

#[cfg(feature = "ssr")]
async fn change_consent(
    purpose: String,
    acting_for: Option<i64>,
    action: crate::domain::consent::ConsentAction,
    child_agreement: impl FnOnce(
        Option<&Acting>,
    ) -> Result<Option<bool>, crate::domain::consent::ConsentError>,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, consent::ActorRole},
        server::{self, ConsentCommand, ConsentWriteError},
    };
    let result = async {
        let me = server::require(&Action::ManageConsent)?;
        let store = server::use_store()?;
        let subject = subject::of(&me, acting_for, &*store).await?;
        let refused = |error: crate::domain::consent::ConsentError| {
            server::with_status(AppError::Invalid {
                field: "purpose".into(),
                message_id: error.message_id().into(),
            })
        };
        let child_agreed = child_agreement(subject.acting.as_ref()).map_err(refused)?;
        let command = ConsentCommand {
            subject: subject.pseudonym,
            purpose,
            action,
            actor_role: match subject.acting {
                Some(_) => ActorRole::Representative,
                None => ActorRole::Subject,
            },
            actor: Some(me.pseudonym),
            method: crate::domain::consent::ConsentMethod::WebForm,
            child_agreed,
            notice_lang: crate::i18n::request_lang(),
            receipt_id: uuid::Uuid::now_v7().to_string(),
            now: server::now(),
        };
        let record = match store.record_consent(&command).await {
            Ok(record) => record,
            Err(ConsentWriteError::Refused(error)) => return Err(refused(error)),
            Err(ConsentWriteError::Store(error)) => return Err(error.into()),
        };
        leptos_axum::redirect(&receipt_href(&record.content.receipt_id, acting_for));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// `path` with the acting-for parameter, when acting for someone.
pub fn with_for(path: &str, acting_for: Option<i64>) -> String {
    match acting_for {
        Some(id) => format!("{path}?for={id}"),
        None => path.to_owned(),
    }
}

/// Where a receipt is read.
pub fn receipt_href(receipt_id: &str, acting_for: Option<i64>) -> String {
    with_for(&format!("/consent/receipts/{receipt_id}"), acting_for)
}

/// The full consent history of the signed-in person (or of someone they
/// represent), newest first, with the check of its hash chain.
#[server(prefix = "/fn", endpoint = "list_consent_history", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_consent_history(
    #[server(default)] acting_for: Option<i64>,
) -> Result<ConsentHistory, AppError> {
    use crate::{
        domain::{Action, consent::verify_consent_chain},
        server,
    };
    let me = server::require(&Action::ManageConsent)?;
    let store = server::use_store()?;
    let subject = subject::of(&me, acting_for, &*store).await?;
    let records = store.list_consent_records(&subject.pseudonym).await?;
    let chain_intact = verify_consent_chain(&records).is_ok();
    let purposes = store.list_purposes().await?;
    let records = records
        .into_iter()
        .rev()
        .map(|record| RecordLine {
            purpose: purposes
                .iter()
                .find(|p| p.purpose.code == record.content.purpose)
                .cloned(),
            by_me: record.content.actor.as_deref() == Some(me.pseudonym.as_str()),
            record,
        })
        .collect();
    Ok(ConsentHistory {
        acting: subject.acting,
        records,
        chain_intact,
    })
}

/// One receipt of the signed-in person (or of someone they represent); not
/// found for anyone else's.
#[server(prefix = "/fn", endpoint = "find_consent_receipt", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_consent_receipt(
    receipt_id: String,
    #[server(default)] acting_for: Option<i64>,
) -> Result<(RecordLine, Option<Acting>), AppError> {
    let history = list_consent_history(acting_for).await?;
    history
        .records
        .into_iter()
        .find(|line| line.record.content.receipt_id == receipt_id)
        .map(|line| (line, history.acting))
        .ok_or_else(|| crate::server::with_status(AppError::NotFound))
}

/// Sharing events flagged for consent (data provided under a consent-based
/// purpose while the person's consent was not active) by agencies of the
/// provinces the signed-in DPO works for, newest first. DPOs only.
#[server(prefix = "/fn", endpoint = "list_consent_flags", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_consent_flags() -> Result<Vec<FlaggedEvent>, AppError> {
    use crate::server;
    let provinces = server::requests::overseen_provinces()?;
    Ok(server::use_store()?
        .list_flagged_events(&provinces, FLAG_LIST_LIMIT)
        .await?)
}

/// How many flagged events the DPO's list shows.
pub const FLAG_LIST_LIMIT: u32 = 200;

/// Changes a purpose's notice (both languages) and validity, then goes back
/// to the catalogue. A changed notice gets the next version; consents given
/// before keep the notice they were shown. Administrators only.
#[server(prefix = "/fn", endpoint = "update_purpose_notice")]
pub async fn update_purpose_notice(
    purpose: String,
    description_vi: String,
    description_en: String,
    #[server(default)] validity_months: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, appointments::parse_reason, consent::PurposeNotice},
        server,
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let notice = PurposeNotice::parse(&description_vi, &description_en, &validity_months)
            .map_err(|error| {
                server::with_status(AppError::Invalid {
                    field: error.field.into(),
                    message_id: error.message_id.into(),
                })
            })?;
        let store = server::use_store()?;
        let known = store
            .list_purposes()
            .await?
            .into_iter()
            .any(|p| p.purpose.code == purpose && p.rests_on_consent);
        if !known {
            return Err(server::with_status(AppError::NotFound));
        }
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        store
            .update_purpose_notice(
                &purpose,
                &notice,
                &reason,
                Some(&principal.actor()),
                server::now(),
            )
            .await?;
        leptos_axum::redirect(&format!("/admin/purposes?saved={purpose}"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// The catalogue for administrators.
#[server(prefix = "/fn", endpoint = "list_purposes_for_admin", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_purposes_for_admin() -> Result<Vec<Purpose>, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Administer)?;
    Ok(server::use_store()?.list_purposes().await?)
}
