//! Data the service makes for itself: the demo installation (officers,
//! staff, agencies, the demo people's histories and requests) and scale
//! data for benchmarks. Nothing here runs unless asked for (DEMO_DATA, or
//! `server generate`/`generate-requests`).

pub mod demo;
pub mod scale;
pub mod scale_requests;

use crate::startup::StartupError;

/// Loads the demo data (officers, staff roles, provincial agencies and the
/// demo people's histories) unless it is there already.
pub async fn load_demo(
    store: &dyn app::server::Store,
    pseudonymizer: &crate::auth::Pseudonymizer,
    signer: &crate::sharing_log::CheckpointSigner,
) -> Result<(), StartupError> {
    let provinces = store.list_provinces().await.map_err(StartupError::Demo)?;
    let loaded = store
        .load_demo_data(&demo::demo_data(&provinces, pseudonymizer))
        .await
        .map_err(StartupError::Demo)?;
    if loaded {
        // The sharing log goes through the same append as the agencies'
        // API, so the demo chain verifies like a real one.
        let (events, holdings) = demo::demo_history(pseudonymizer);
        // Consents first: data shared under them is checked on append.
        for command in demo::demo_consents(pseudonymizer) {
            store
                .record_consent(&command)
                .await
                .map_err(|error| match error {
                    app::server::ConsentWriteError::Store(error) => StartupError::Demo(error),
                    refused => StartupError::Demo(app::server::StoreError::Unavailable(
                        refused.to_string().into(),
                    )),
                })?;
        }
        if let Some(parent) = demo::PERSONAS
            .first()
            .and_then(|p| app::domain::PersonalId::parse(p.personal_id).ok())
        {
            let parent = pseudonymizer.pseudonym(&parent);
            for (id, name, born) in demo::DEMO_CHILDREN {
                let Ok(id) = app::domain::PersonalId::parse(id) else {
                    continue;
                };
                store
                    .insert_representation(&app::server::NewRepresentation {
                        representative: parent.as_str().to_owned(),
                        subject: pseudonymizer.pseudonym(&id).as_str().to_owned(),
                        name: name.to_owned(),
                        birth_date: born.to_owned(),
                        kind: app::domain::consent::RepresentedKind::Child,
                        now: time::OffsetDateTime::now_utc().unix_timestamp(),
                    })
                    .await
                    .map_err(StartupError::Demo)?;
            }
        }
        store
            .upsert_holdings(&holdings)
            .await
            .map_err(StartupError::Demo)?;
        let appended = store
            .append_sharing_events(&events)
            .await
            .map_err(append_failed)?;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        store
            .insert_checkpoint(&signer.sign(appended.head_seq, &appended.head_hash, now))
            .await
            .map_err(StartupError::Demo)?;
        for (pseudonym, name) in demo::demo_staff(pseudonymizer) {
            store
                .upsert_staff_profile(&pseudonym, &name, now)
                .await
                .map_err(StartupError::Demo)?;
        }
        let calendar = store
            .load_calendar()
            .await
            .map_err(StartupError::Demo)?
            .calendar();
        for (request, event) in demo::demo_requests(pseudonymizer, &calendar, now) {
            store
                .file_request(&request, &event)
                .await
                .map_err(StartupError::Demo)?;
        }
        tracing::info!(events = events.len(), "demo data loaded");
    }
    Ok(())
}

/// An append of generated data that failed: a storage problem.
pub(crate) fn append_failed(error: app::server::AppendError) -> StartupError {
    match error {
        app::server::AppendError::Store(error) => StartupError::Demo(error),
        other => StartupError::Demo(app::server::StoreError::Unavailable(
            other.to_string().into(),
        )),
    }
}
