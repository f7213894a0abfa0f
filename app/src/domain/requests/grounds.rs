//! Why a request is refused, wholly or in part: only on a ground from the
//! Law's closed list (Law 91/2025/QH15 Art. 15(2)(a); Art. 14(2) with
//! Art. 19; Art. 4(3)), each with its text in both languages and the kinds
//! of request it can answer. A granted request is "done as asked". The
//! citizen reads the ground in plain words, with what they can do next.
//! The texts paraphrase the Law as the secondary sources in
//! `../shared/domain.md` give it (`checked: false`).

use super::kind::{Decision, RequestKind};
use crate::domain::Lang;

/// A ground a decision can rest on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ground {
    pub code: &'static str,
    pub citation_vi: &'static str,
    pub citation_en: &'static str,
    pub text_vi: &'static str,
    pub text_en: &'static str,
    /// The decisions it fits.
    pub decisions: &'static [Decision],
    /// The kinds it can answer.
    pub kinds: &'static [RequestKind],
    pub checked: bool,
}

impl Ground {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.text_vi,
            Lang::En => self.text_en,
        }
    }

    pub fn citation(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.citation_vi,
            Lang::En => self.citation_en,
        }
    }
}

const REFUSALS: &[Decision] = &[Decision::PartlyGranted, Decision::Refused];
const EVERY_KIND: &[RequestKind] = RequestKind::ALL;

/// Every ground, the closed list of refusals first.
pub const GROUNDS: [Ground; 5] = [
    Ground {
        code: "copy-would-harm",
        citation_vi: "Luật 91/2025/QH15, Điều 15 khoản 2 điểm a",
        citation_en: "Law 91/2025/QH15, Art. 15(2)(a)",
        text_vi: "Cung cấp bản sao có thể gây hại cho quốc phòng, an ninh, trật tự an toàn xã \
                  hội, hoặc tính mạng, sức khỏe, tài sản của người khác.",
        text_en: "A copy could harm national defence, security or public order, or another \
                  person's life, health or property.",
        decisions: REFUSALS,
        kinds: &[RequestKind::Access],
        checked: false,
    },
    Ground {
        code: "no-consent-needed",
        citation_vi: "Luật 91/2025/QH15, Điều 14 khoản 2 và Điều 19",
        citation_en: "Law 91/2025/QH15, Art. 14(2) with Art. 19",
        text_vi: "Dữ liệu được xử lý theo quy định của luật mà không cần sự đồng ý của bạn, nên \
                  không xóa theo yêu cầu.",
        text_en: "The law lets the agency process this data without your consent, so it is not \
                  deleted on request.",
        decisions: REFUSALS,
        kinds: &[RequestKind::Deletion],
        checked: false,
    },
    Ground {
        code: "limited-by-law",
        citation_vi: "Luật 91/2025/QH15, Điều 4 khoản 3",
        citation_en: "Law 91/2025/QH15, Art. 4(3)",
        text_vi: "Luật giới hạn việc thực hiện quyền này trong trường hợp của bạn.",
        text_en: "The law limits this right in your case.",
        decisions: REFUSALS,
        kinds: EVERY_KIND,
        checked: false,
    },
    Ground {
        code: "complaint-unfounded",
        citation_vi: "Luật Khiếu nại 02/2011/QH13, Điều 31",
        citation_en: "Law on Complaints 02/2011/QH13, Art. 31",
        text_vi: "Khiếu nại đã được xem xét và không có căn cứ.",
        text_en: "The complaint was examined and found to have no grounds.",
        decisions: REFUSALS,
        kinds: &[RequestKind::Complaint],
        checked: false,
    },
    Ground {
        code: "done-as-asked",
        citation_vi: "Luật 91/2025/QH15, Điều 4",
        citation_en: "Law 91/2025/QH15, Art. 4",
        text_vi: "Đã thực hiện theo yêu cầu của bạn.",
        text_en: "Done as you asked.",
        decisions: &[Decision::Granted],
        kinds: EVERY_KIND,
        checked: false,
    },
];

/// The ground `code`, if there is one.
pub fn ground(code: &str) -> Option<&'static Ground> {
    GROUNDS.iter().find(|ground| ground.code == code)
}

/// Whether `code` is a ground for `decision` on a request of `kind`.
pub fn ground_fits(code: &str, decision: Decision, kind: RequestKind) -> bool {
    ground(code).is_some_and(|g| g.decisions.contains(&decision) && g.kinds.contains(&kind))
}

/// The grounds an officer may choose from for a request of `kind`.
pub fn grounds_for(kind: RequestKind) -> impl Iterator<Item = &'static Ground> {
    GROUNDS.iter().filter(move |g| g.kinds.contains(&kind))
}
