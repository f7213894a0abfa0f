//! Demo data for the embedded set-up: a named (fictional) data-protection
//! officer for every province, and the fictional people the development
//! identity provider offers (a citizen at each level, a DPO, an
//! administrator and an auditor), with their roles in the directory.
//! Deterministic: the same provinces always give the same data.

use app::{
    domain::consent::{ActorRole, ConsentAction},
    domain::{
        AssuranceLevel, DataProtectionOfficer, PersonalId, Province, Role, RoleGrant,
        sharing::{HoldingRecord, Outcome, SharingDetails, SharingMethod, SharingMode},
    },
    server::{ConsentCommand, DemoAgency, DemoData, DemoGrant, DemoSystem, NewSharingEvent},
};

use crate::auth::Pseudonymizer;

/// A fictitious person the development identity provider can sign in.
#[derive(Clone, Debug)]
pub struct Persona {
    /// Form value on the provider's page.
    pub key: &'static str,
    /// Fluent key describing who this is (role, level).
    pub description_id: &'static str,
    pub personal_id: &'static str,
    pub name: &'static str,
    pub birthdate: &'static str,
    pub level: AssuranceLevel,
    pub role: Option<(Role, Option<&'static str>)>,
}

/// The demo people. Their numbers follow the real format (province of
/// birth, century and sex, year, serial) but are made up.
pub const PERSONAS: [Persona; 6] = [
    Persona {
        key: "citizen",
        description_id: "dev-idp-persona-citizen",
        personal_id: "001190012345",
        name: "Trần Thị Mai",
        birthdate: "1990-05-12",
        level: AssuranceLevel::Level2,
        role: None,
    },
    Persona {
        key: "citizen-level1",
        description_id: "dev-idp-persona-citizen-level1",
        personal_id: "079085004321",
        name: "Lê Văn Hùng",
        birthdate: "1985-11-02",
        level: AssuranceLevel::Level1,
        role: None,
    },
    Persona {
        key: "dpo",
        description_id: "dev-idp-persona-dpo",
        personal_id: "001080007777",
        name: "Phạm Minh Đức",
        birthdate: "1980-03-21",
        level: AssuranceLevel::Level2,
        role: Some((Role::Dpo, Some("HN"))),
    },
    Persona {
        key: "dpo-hue",
        description_id: "dev-idp-persona-dpo-hue",
        personal_id: "046087005555",
        name: "Lê Thị Thu Hằng",
        birthdate: "1987-07-14",
        level: AssuranceLevel::Level2,
        role: Some((Role::Dpo, Some("HUE"))),
    },
    Persona {
        key: "administrator",
        description_id: "dev-idp-persona-administrator",
        personal_id: "001088001111",
        name: "Hoàng Thu Hà",
        birthdate: "1988-08-08",
        level: AssuranceLevel::Level2,
        role: Some((Role::Administrator, None)),
    },
    Persona {
        key: "auditor",
        description_id: "dev-idp-persona-auditor",
        personal_id: "031092002222",
        name: "Vũ Ngọc Sơn",
        birthdate: "1992-02-20",
        level: AssuranceLevel::Level2,
        role: Some((Role::Auditor, None)),
    },
];

/// The directory entries of the demo staff.
pub fn demo_role_grants(pseudonymizer: &Pseudonymizer) -> Vec<DemoGrant> {
    PERSONAS
        .iter()
        .filter_map(|persona| {
            let (role, province) = persona.role?;
            let id = PersonalId::parse(persona.personal_id).ok()?;
            Some(DemoGrant {
                pseudonym: pseudonymizer.pseudonym(&id).as_str().to_owned(),
                grant: RoleGrant {
                    role,
                    province_code: province.map(str::to_owned),
                },
            })
        })
        .collect()
}

pub(crate) const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
pub(crate) const MIDDLE: [&str; 8] = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Thu"];
pub(crate) const GIVEN: [&str; 28] = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Nam", "Ngân", "Phong", "Phương", "Quân", "Quang", "Sơn", "Tâm", "Thảo",
    "Trang", "Trung", "Tuấn", "Vy",
];

/// One demo officer per province, in the provinces' order, and the demo
/// staff's roles.
pub fn demo_data(provinces: &[Province], pseudonymizer: &Pseudonymizer) -> DemoData {
    let officers = provinces
        .iter()
        .enumerate()
        .map(|(i, province)| DataProtectionOfficer {
            full_name: format!(
                "{} {} {}",
                FAMILY[i % FAMILY.len()],
                MIDDLE[(i * 3) % MIDDLE.len()],
                GIVEN[(i * 7 + i / 4) % GIVEN.len()]
            ),
            title_vi: format!(
                "Người phụ trách bảo vệ dữ liệu cá nhân, Ủy ban nhân dân {}",
                province.name_vi
            ),
            title_en: format!(
                "Data protection officer, People's Committee of {}",
                province.name_en
            ),
            // `.example` is reserved for examples: demo mail can never reach anyone.
            email: format!("dpo.{}@demo.example", province.code.to_lowercase()),
            phone: format!(
                "0{} {:04} {:04}",
                200 + i,
                3000 + i * 37,
                1000 + (i * 53) % 9000
            ),
            province: province.clone(),
        })
        .collect();
    DemoData {
        officers,
        role_grants: demo_role_grants(pseudonymizer),
        agencies: provincial_agencies(provinces),
    }
}

/// Three agencies per province, each with one system: the People's
/// Committee (public-service portal), the provincial police (residence)
/// and the Department of Health (hospital information system).
pub fn provincial_agencies(provinces: &[Province]) -> Vec<DemoAgency> {
    provinces
        .iter()
        .flat_map(|p| {
            let agency = |suffix: &str,
                          vi: String,
                          en: String,
                          kind: &str,
                          system: (&str, String, String)| DemoAgency {
                code: format!("{}-{suffix}", p.code),
                name_vi: vi,
                name_en: en,
                kind: kind.to_owned(),
                province_code: Some(p.code.clone()),
                systems: vec![DemoSystem {
                    code: format!("{}-{}", p.code, system.0),
                    name_vi: system.1,
                    name_en: system.2,
                }],
            };
            [
                agency(
                    "UBND",
                    format!("Ủy ban nhân dân {}", p.name_vi),
                    format!("People's Committee of {}", p.name_en),
                    "people-committee",
                    (
                        "DVC",
                        format!("Cổng dịch vụ công {}", p.name_vi),
                        format!("{} public service portal", p.name_en),
                    ),
                ),
                agency(
                    "CA",
                    format!("Công an {}", p.name_vi),
                    format!("{} Police", p.name_en),
                    "police",
                    (
                        "CA-RES",
                        format!("Hệ thống quản lý cư trú, Công an {}", p.name_vi),
                        format!("Residence management system, {} Police", p.name_en),
                    ),
                ),
                agency(
                    "SYT",
                    format!("Sở Y tế {}", p.name_vi),
                    format!("{} Department of Health", p.name_en),
                    "department",
                    (
                        "SYT-HIS",
                        format!("Hệ thống thông tin bệnh viện, Sở Y tế {}", p.name_vi),
                        format!(
                            "Hospital information system, {} Department of Health",
                            p.name_en
                        ),
                    ),
                ),
            ]
        })
        .collect()
}

/// A small deterministic random source (xorshift64*), so demo data is the
/// same on every start.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// How one kind of sharing happens: who provides what to whom, why.
pub(crate) struct Flow {
    provider: &'static str,
    provider_system: &'static str,
    /// `{P}` stands for the person's home province code.
    recipient: &'static str,
    recipient_system: Option<&'static str>,
    categories: &'static [&'static str],
    purpose: &'static str,
    legal_basis: &'static str,
    method: SharingMethod,
    mode: SharingMode,
}

/// Data provided under consent-based purposes (checked against the demo
/// citizen's consents: see [`demo_consents`]).
const CONSENT_FLOWS: [Flow; 2] = [
    Flow {
        provider: "{P}-SYT",
        provider_system: "{P}-SYT-HIS",
        recipient: "BYT",
        recipient_system: Some("BYT-HEALTH"),
        categories: &["full-name", "health"],
        purpose: "health-record-sharing",
        legal_basis: "pdp-law-consent",
        method: SharingMethod::OnlineConnection,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "{P}-SYT",
        provider_system: "{P}-SYT-HIS",
        recipient: "BYT",
        recipient_system: Some("BYT-HEALTH"),
        categories: &["date-of-birth", "health", "sex"],
        purpose: "health-research",
        legal_basis: "pdp-law-consent",
        method: SharingMethod::DatabaseSynchronisation,
        mode: SharingMode::Default,
    },
];

pub(crate) const FLOWS: [Flow; 7] = [
    Flow {
        provider: "BCA",
        provider_system: "BCA-NPD",
        recipient: "BHXH",
        recipient_system: Some("BHXH-INSURANCE"),
        categories: &["full-name", "date-of-birth", "personal-id", "residence"],
        purpose: "health-insurance",
        legal_basis: "identity-law-2023",
        method: SharingMethod::OnlineConnection,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "BCA",
        provider_system: "BCA-NPD",
        recipient: "{P}-UBND",
        recipient_system: Some("{P}-DVC"),
        categories: &["full-name", "date-of-birth", "residence"],
        purpose: "public-service",
        legal_basis: "data-sharing-decree-47",
        method: SharingMethod::OnlineConnection,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "BTP",
        provider_system: "BTP-CIVIL",
        recipient: "BCA",
        recipient_system: Some("BCA-NPD"),
        categories: &["marital-status", "family"],
        purpose: "civil-status",
        legal_basis: "civil-status-law-2014",
        method: SharingMethod::DatabaseSynchronisation,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "BHXH",
        provider_system: "BHXH-INSURANCE",
        recipient: "{P}-SYT",
        recipient_system: Some("{P}-SYT-HIS"),
        categories: &["full-name", "insurance"],
        purpose: "medical-care",
        legal_basis: "health-insurance-law",
        method: SharingMethod::OnlineConnection,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "BCA",
        provider_system: "BCA-RESIDENCE",
        recipient: "BGDDT",
        recipient_system: Some("BGDDT-EDU"),
        categories: &["residence", "family"],
        purpose: "education",
        legal_basis: "education-law-2019",
        method: SharingMethod::OnlineConnection,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "BCA",
        provider_system: "BCA-NPD",
        recipient: "BTC",
        recipient_system: Some("BTC-TAX"),
        categories: &["full-name", "personal-id", "residence"],
        purpose: "tax",
        legal_basis: "tax-administration-law-2019",
        method: SharingMethod::OnlineConnection,
        mode: SharingMode::Default,
    },
    Flow {
        provider: "{P}-SYT",
        provider_system: "{P}-SYT-HIS",
        recipient: "{P}-CA",
        recipient_system: None,
        categories: &["health"],
        purpose: "investigation",
        legal_basis: "criminal-procedure-code-2015",
        method: SharingMethod::StorageMedia,
        mode: SharingMode::CaseByCase,
    },
];

/// A kind of holding: a system keeping some categories for a purpose.
pub(crate) struct HoldingKind {
    /// `{P}` stands for the person's home province code.
    system: &'static str,
    categories: &'static [&'static str],
    purpose: &'static str,
    legal_basis: &'static str,
    retention_months: Option<i32>,
}

impl HoldingKind {
    pub(crate) fn record(
        &self,
        pseudonym: &str,
        place: &dyn Fn(&str) -> String,
        updated_at: i64,
    ) -> HoldingRecord {
        HoldingRecord {
            pseudonym: pseudonym.to_owned(),
            system: place(self.system),
            categories: self.categories.iter().map(|c| (*c).to_owned()).collect(),
            purpose: self.purpose.into(),
            legal_basis: self.legal_basis.into(),
            retention_months: self.retention_months,
            source_vi: Some("Do cơ quan thu thập khi giải quyết thủ tục".into()),
            source_en: Some("Collected by the agency when handling a procedure".into()),
            updated_at,
        }
    }
}

/// Who typically holds a person's data: the national databases and the
/// home province's hospital system and public-service portal.
pub(crate) const HOLDING_KINDS: [HoldingKind; 6] = [
    HoldingKind {
        system: "BCA-NPD",
        categories: &[
            "full-name",
            "date-of-birth",
            "sex",
            "personal-id",
            "residence",
            "family",
            "photo",
        ],
        purpose: "residence-management",
        legal_basis: "identity-law-2023",
        retention_months: None,
    },
    HoldingKind {
        system: "BHXH-INSURANCE",
        categories: &["full-name", "personal-id", "insurance", "occupation"],
        purpose: "health-insurance",
        legal_basis: "health-insurance-law",
        retention_months: Some(600),
    },
    HoldingKind {
        system: "BTP-CIVIL",
        categories: &["full-name", "marital-status", "family"],
        purpose: "civil-status",
        legal_basis: "civil-status-law-2014",
        retention_months: None,
    },
    HoldingKind {
        system: "BTC-TAX",
        categories: &["full-name", "personal-id", "financial"],
        purpose: "tax",
        legal_basis: "tax-administration-law-2019",
        retention_months: Some(120),
    },
    HoldingKind {
        system: "{P}-SYT-HIS",
        categories: &["full-name", "health", "insurance"],
        purpose: "medical-care",
        legal_basis: "medical-examination-law-2023",
        retention_months: Some(120),
    },
    HoldingKind {
        system: "{P}-DVC",
        categories: &["full-name", "contact", "residence"],
        purpose: "public-service",
        legal_basis: "pdp-law-state-duty",
        retention_months: Some(60),
    },
];

/// The demo staff's names (kept at sign-in for real staff), so colleagues
/// can assign requests to each other from the first start.
pub fn demo_staff(pseudonymizer: &Pseudonymizer) -> Vec<(String, String)> {
    PERSONAS
        .iter()
        .filter(|persona| persona.role.is_some())
        .filter_map(|persona| {
            let id = PersonalId::parse(persona.personal_id).ok()?;
            Some((
                pseudonymizer.pseudonym(&id).as_str().to_owned(),
                persona.name.to_owned(),
            ))
        })
        .collect()
}

/// Two requests of the demo citizen in Hà Nội's queue, so the queue and the
/// status pages have something to show: an access request to the
/// People's Committee and an objection whose agency she did not know.
pub fn demo_requests(
    pseudonymizer: &Pseudonymizer,
    calendar: &app::domain::deadlines::Calendar,
    now: i64,
) -> Vec<(app::server::NewRequest, app::server::StepEvent)> {
    use app::domain::{
        Lang,
        deadlines::{Date, due, rule_for},
        requests::{EventActor, EventDetail, EventKind, RequestKind},
    };
    let Some(mai) = PERSONAS
        .first()
        .and_then(|p| PersonalId::parse(p.personal_id).ok())
    else {
        return Vec::new();
    };
    let requester = pseudonymizer.pseudonym(&mai).as_str().to_owned();
    let received = Date::of_unix(now);
    let made = |kind: RequestKind, agency: Option<&str>, description: &str| {
        let rule = rule_for(kind.code())?;
        let request = app::server::NewRequest {
            requester: requester.clone(),
            requester_name: PERSONAS[0].name.to_owned(),
            kind,
            agency_code: agency.map(str::to_owned),
            handler: "HN".into(),
            about_reference: None,
            description: description.to_owned(),
            contact_email: None,
            lang: Lang::Vi,
            received_on: received.iso(),
            acknowledge_by: due(received, rule.acknowledge, calendar).ok()?.iso(),
            decide_by: due(received, rule.decide, calendar).ok()?.iso(),
            attachments: Vec::new(),
            notices: vec![app::server::Notice {
                recipient: "dpo:HN".into(),
                message_id: "notice-request-new".into(),
            }],
            mails: Vec::new(),
            now,
        };
        let event = app::server::StepEvent {
            actor_role: EventActor::Requester,
            actor: Some(requester.clone()),
            actor_name: PERSONAS[0].name.to_owned(),
            kind: EventKind::Submitted,
            detail: EventDetail::default(),
            body: String::new(),
        };
        Some((request, event))
    };
    [
        made(
            RequestKind::Access,
            Some("HN-UBND"),
            "Tôi muốn biết Cổng dịch vụ công Hà Nội đang lưu những dữ liệu nào về tôi \
             và đã chia sẻ cho cơ quan nào trong năm 2026.",
        ),
        made(
            RequestKind::Objection,
            None,
            "Tôi nhận được tin nhắn quảng cáo khám sức khỏe có ghi tên tôi. \
             Tôi phản đối việc dùng số điện thoại của tôi cho mục đích này.",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The first and last day demo events fall in (fixed, so the data is the
/// same on every start): 1 July 2025 to 20 November 2026, Viet Nam time.
pub(crate) const HISTORY_START: i64 = 1_751_302_800;
pub(crate) const HISTORY_END: i64 = 1_795_626_000;

/// Rich, deterministic histories for the demo people: holdings at the
/// national databases and in their province, and sharing events between
/// agencies over the last year and a half. One police request is deferred
/// (hidden until 2027); one earlier one was deferred and is visible now.
pub fn demo_history(pseudonymizer: &Pseudonymizer) -> (Vec<NewSharingEvent>, Vec<HoldingRecord>) {
    let mut events = Vec::new();
    let mut holdings = Vec::new();
    let mut serial = 0;
    for (index, persona) in PERSONAS.iter().enumerate() {
        let Ok(id) = PersonalId::parse(persona.personal_id) else {
            continue;
        };
        let pseudonym = pseudonymizer.pseudonym(&id).as_str().to_owned();
        // Home province from the first three digits (001 Hà Nội, 079 Hồ Chí
        // Minh City, 031 Hải Phòng); the demo keeps to these.
        let home = match &persona.personal_id[..3] {
            "079" => "HCM",
            "031" => "HP",
            _ => "HN",
        };
        let place = |code: &str| code.replace("{P}", home);
        let mut random = Seeded::new(index as u64 + 1);
        for kind in &HOLDING_KINDS {
            holdings.push(kind.record(
                &pseudonym,
                &place,
                HISTORY_START + random.below(300) as i64 * 86_400,
            ));
        }
        let count = 24 + random.below(12);
        for n in 0..count {
            // The investigation flow is rare: two per person, set below.
            let flow = &FLOWS[random.below(FLOWS.len() - 1)];
            let occurred_at = HISTORY_START
                + (HISTORY_END - HISTORY_START) * n as i64 / count as i64
                + random.below(20 * 3600) as i64;
            serial += 1;
            events.push(event(
                flow,
                &place,
                &pseudonym,
                ("DEMO", serial),
                occurred_at,
                &mut random,
                None,
            ));
        }
        if index == 0 {
            // The demo citizen's hospital shares her record while her
            // consent is active, again after she withdrew it, and once for
            // research she never agreed to: the last two are flagged.
            for (flow, day) in [(0, 100), (0, 250), (1, 300)] {
                serial += 1;
                let mut shared = event(
                    &CONSENT_FLOWS[flow],
                    &place,
                    &pseudonym,
                    ("DEMO", serial),
                    HISTORY_START + day * 86_400 + 10 * 3600,
                    &mut random,
                    None,
                );
                shared.details.outcome = Outcome::Provided;
                events.push(shared);
            }
        }
        let police = &FLOWS[FLOWS.len() - 1];
        serial += 1;
        // Disclosed after the case closed (shown, with its legal basis).
        events.push(event(
            police,
            &place,
            &pseudonym,
            ("DEMO", serial),
            HISTORY_START + 90 * 86_400,
            &mut random,
            Some(HISTORY_START + 300 * 86_400),
        ));
        serial += 1;
        // Deferred until 2027: not shown yet.
        events.push(event(
            police,
            &place,
            &pseudonym,
            ("DEMO", serial),
            HISTORY_END - 20 * 86_400,
            &mut random,
            Some(1_830_000_000),
        ));
    }
    (events, holdings)
}

/// The demo citizen's children, as the civil-status records would link
/// them: one old enough (7+) to agree for herself, one younger.
pub const DEMO_CHILDREN: [(&str, &str, &str); 2] = [
    ("001215012346", "Nguyễn Minh Khôi", "2015-09-04"),
    ("001321003457", "Nguyễn Bảo An", "2021-03-15"),
];

/// The demo citizen's consent decisions over the history, oldest first:
/// reminders on, news on, her health record shared and later withdrawn,
/// and scholarship matching granted for 12 months (now past: the expiry
/// job records its end on the first start).
pub fn demo_consents(pseudonymizer: &Pseudonymizer) -> Vec<ConsentCommand> {
    let Ok(id) = PersonalId::parse(PERSONAS[0].personal_id) else {
        return Vec::new();
    };
    let me = pseudonymizer.pseudonym(&id).as_str().to_owned();
    [
        (5, "scholarship-matching", ConsentAction::Grant),
        (10, "vneid-service-updates", ConsentAction::Grant),
        (30, "insurance-reminders", ConsentAction::Grant),
        (60, "health-record-sharing", ConsentAction::Grant),
        (200, "health-record-sharing", ConsentAction::Withdraw),
    ]
    .into_iter()
    .enumerate()
    .map(|(n, (day, purpose, action))| ConsentCommand {
        subject: me.clone(),
        purpose: purpose.into(),
        action,
        actor_role: ActorRole::Subject,
        actor: Some(me.clone()),
        method: app::domain::consent::ConsentMethod::WebForm,
        child_agreed: None,
        notice_lang: app::domain::Lang::Vi,
        // Deterministic receipts for the demo (real ones are UUID v7).
        receipt_id: format!("00000000-0000-7000-8000-{:012}", n + 1),
        now: HISTORY_START + day * 86_400 + 9 * 3600,
    })
    .collect()
}

pub(crate) fn event(
    flow: &Flow,
    place: &dyn Fn(&str) -> String,
    pseudonym: &str,
    (label, serial): (&str, u64),
    occurred_at: i64,
    random: &mut Seeded,
    visible_from: Option<i64>,
) -> NewSharingEvent {
    let provider = place(flow.provider);
    NewSharingEvent {
        pseudonym: pseudonym.to_owned(),
        details: SharingDetails {
            event_id: format!("{provider}-{label}-{serial:06}"),
            occurred_at,
            provider_agency: provider,
            provider_system: place(flow.provider_system),
            recipient_agency: place(flow.recipient),
            recipient_system: flow.recipient_system.map(place),
            categories: {
                let mut categories: Vec<String> =
                    flow.categories.iter().map(|c| (*c).to_owned()).collect();
                categories.sort();
                categories
            },
            purpose: flow.purpose.into(),
            legal_basis: flow.legal_basis.into(),
            method: flow.method,
            mode: flow.mode,
            request_reference: Some(format!("HS-{}", 100_000 + random.below(900_000))),
            official_code: (flow.mode == SharingMode::CaseByCase)
                .then(|| format!("CB-{:04}", random.below(10_000))),
            // One request in twenty is refused.
            outcome: if random.below(20) == 0 {
                Outcome::Refused
            } else {
                Outcome::Provided
            },
            visible_from,
        },
    }
}

#[cfg(test)]
mod tests {
    use app::domain::ProvinceKind;

    use super::*;

    fn pseudonymizer() -> Pseudonymizer {
        Pseudonymizer::new(&[7u8; 32]).unwrap()
    }

    #[test]
    fn demo_people_have_valid_distinct_numbers_and_staff_have_roles() {
        let mut numbers: Vec<_> = PERSONAS.iter().map(|p| p.personal_id).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), PERSONAS.len());
        assert!(
            PERSONAS
                .iter()
                .all(|p| PersonalId::parse(p.personal_id).is_ok())
        );
        let grants = demo_role_grants(&pseudonymizer());
        assert_eq!(grants.len(), 4);
        assert!(grants.iter().all(|g| !g.pseudonym.contains("001080007777")));
        assert!(
            grants.iter().any(
                |g| g.grant.role == Role::Dpo && g.grant.province_code.as_deref() == Some("HN")
            )
        );
    }

    #[test]
    fn demo_histories_are_deterministic_and_reach_every_persona() {
        let (events, holdings) = demo_history(&pseudonymizer());
        let (again, _) = demo_history(&pseudonymizer());
        assert_eq!(
            events.iter().map(|e| &e.details).collect::<Vec<_>>(),
            again.iter().map(|e| &e.details).collect::<Vec<_>>()
        );
        assert_eq!(holdings.len(), 6 * PERSONAS.len());
        let mut ids: Vec<_> = events.iter().map(|e| &e.details.event_id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), events.len(), "event ids are unique");
        let deferred = events
            .iter()
            .filter(|e| e.details.visible_from.is_some())
            .count();
        assert_eq!(deferred, 2 * PERSONAS.len());
    }

    fn provinces(n: usize) -> Vec<Province> {
        (0..n)
            .map(|i| Province {
                code: format!("P{i}"),
                name_vi: format!("Tỉnh {i}"),
                name_en: format!("Province {i}"),
                kind: ProvinceKind::Province,
            })
            .collect()
    }

    #[test]
    fn every_province_gets_one_officer_with_distinct_contacts() {
        let demo = demo_data(&provinces(34), &pseudonymizer());
        assert_eq!(demo.officers.len(), 34);
        let mut emails: Vec<_> = demo.officers.iter().map(|o| &o.email).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), 34);
        let mut names: Vec<_> = demo.officers.iter().map(|o| &o.full_name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 34, "demo officers should not share a name");
        assert!(
            demo.officers
                .iter()
                .all(|o| o.email.ends_with("@demo.example"))
        );
    }

    #[test]
    fn demo_data_is_deterministic() {
        assert_eq!(
            demo_data(&provinces(34), &pseudonymizer()).officers,
            demo_data(&provinces(34), &pseudonymizer()).officers
        );
    }
}
