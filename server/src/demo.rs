//! Demo data for the embedded set-up: a named (fictional) data-protection
//! officer for every province, and the fictional people the development
//! identity provider offers (a citizen at each level, a DPO, an
//! administrator and an auditor), with their roles in the directory.
//! Deterministic: the same provinces always give the same data.

use app::{
    domain::{AssuranceLevel, DataProtectionOfficer, PersonalId, Province, Role, RoleGrant},
    server::DemoData,
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
pub const PERSONAS: [Persona; 5] = [
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
pub fn demo_role_grants(pseudonymizer: &Pseudonymizer) -> Vec<(String, RoleGrant)> {
    PERSONAS
        .iter()
        .filter_map(|persona| {
            let (role, province) = persona.role?;
            let id = PersonalId::parse(persona.personal_id).ok()?;
            Some((
                pseudonymizer.pseudonym(&id).as_str().to_owned(),
                RoleGrant {
                    role,
                    province_code: province.map(str::to_owned),
                },
            ))
        })
        .collect()
}

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: [&str; 8] = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Thu"];
const GIVEN: [&str; 28] = [
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
        assert_eq!(grants.len(), 3);
        assert!(
            grants
                .iter()
                .all(|(pseudonym, _)| !pseudonym.contains("001080007777"))
        );
        assert!(
            grants
                .iter()
                .any(|(_, g)| g.role == Role::Dpo && g.province_code.as_deref() == Some("HN"))
        );
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
