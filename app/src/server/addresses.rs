//! Addresses requesters give: nothing but a confirmation link is sent to
//! one until its owner follows the link.

use crate::{
    domain::{Lang, requests},
    error::AppError,
    server::{AddressState, Mail, Store},
};

/// Mail to the address a requester gave. Until they confirm it,
/// `template` waits in the outbox, behind a confirmation mail with a fresh
/// link unless one that still works was sent: nothing else is sent to an
/// address nobody has shown is theirs.
pub async fn requester_mail(
    store: &dyn Store,
    (owner, to, lang): (&str, &str, Lang),
    template: &str,
    now: i64,
) -> Result<Vec<Mail>, AppError> {
    let mail = |template: &str| Mail {
        to: to.to_owned(),
        lang,
        template: template.to_owned(),
        owner: Some(owner.to_owned()),
        confirm_token: None,
        confirm_hash: None,
    };
    match store.address_state(owner, to).await? {
        AddressState::Confirmed => return Ok(vec![mail(template)]),
        // A link that still works is on its way: no second one.
        AddressState::Pending { issued_at }
            if issued_at > now - requests::CONFIRMATION_DAYS * 86_400 =>
        {
            return Ok(vec![mail(template)]);
        }
        _ => {}
    }
    let token = crate::domain::sharing::hex(&rand::random::<[u8; 32]>());
    let confirm = Mail {
        confirm_hash: Some(requests::confirmation_hash(&token)),
        confirm_token: Some(token),
        ..mail("mail-confirm-address")
    };
    Ok(vec![confirm, mail(template)])
}

/// Confirms an address from the link in its confirmation mail; false for
/// a link that is unknown, used or older than [`requests::CONFIRMATION_DAYS`].
pub async fn confirm_address(store: &dyn Store, token: &str, now: i64) -> Result<bool, AppError> {
    if !requests::is_confirmation_token(token) {
        return Ok(false);
    }
    let issued_after = now - requests::CONFIRMATION_DAYS * 86_400;
    Ok(store
        .confirm_address(&requests::confirmation_hash(token), now, issued_after)
        .await?)
}
