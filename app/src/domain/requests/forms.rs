//! The text a person types: descriptions, messages and an e-mail address.

/// Longest free text of a request, a message or a reason, in characters.
pub const MAX_TEXT: usize = 5_000;

/// The description or message text, trimmed; empty or too long is refused.
pub fn check_text(text: &str, field: &'static str) -> Result<String, crate::domain::FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(crate::domain::FieldError {
            field,
            message_id: "request-error-text-missing",
        });
    }
    if text.chars().count() > MAX_TEXT {
        return Err(crate::domain::FieldError {
            field,
            message_id: "request-error-text-too-long",
        });
    }
    Ok(text.to_owned())
}

/// How long [`check_text`] will find what a person has typed so far. A
/// browser's text box holds line breaks as `\n` but sends each as `\r\n`,
/// two characters, so the count in the browser matches the server's.
pub fn length_as_sent(typed: &str) -> usize {
    let text = typed.trim();
    let mut length = 0;
    let mut previous = None;
    for c in text.chars() {
        length += if c == '\n' && previous != Some('\r') {
            2
        } else {
            1
        };
        previous = Some(c);
    }
    length
}

/// An e-mail address for updates: empty is none; otherwise one `@` with
/// text either side, a dot in the domain, no spaces, at most 254 bytes.
pub fn check_email(text: &str) -> Result<Option<String>, crate::domain::FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let valid = text.len() <= 254
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(Some(text.to_owned()))
    } else {
        Err(crate::domain::FieldError {
            field: "email",
            message_id: "request-error-email",
        })
    }
}

/// How much one person may file: requests a day, and bytes of files kept
/// in all (requests and messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilingLimits {
    pub requests_per_day: u32,
    pub stored_bytes: u64,
}

impl Default for FilingLimits {
    fn default() -> FilingLimits {
        FilingLimits {
            requests_per_day: 10,
            stored_bytes: 100 * 1024 * 1024,
        }
    }
}

/// What a person has filed so far: requests in the last day, bytes kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilingUsage {
    pub filed_today: u64,
    pub stored_bytes: u64,
}

impl FilingLimits {
    /// Whether one more request (`request`) or message with `adding` bytes
    /// of files fits.
    pub fn allows(
        &self,
        usage: FilingUsage,
        request: bool,
        adding: u64,
    ) -> Result<(), crate::domain::FieldError> {
        if request && usage.filed_today >= u64::from(self.requests_per_day) {
            return Err(crate::domain::FieldError {
                field: "kind",
                message_id: "request-error-daily-quota",
            });
        }
        if usage.stored_bytes.saturating_add(adding) > self.stored_bytes {
            return Err(crate::domain::FieldError {
                field: "files",
                message_id: "request-error-stored-quota",
            });
        }
        Ok(())
    }
}
