//! Demo data for the embedded set-up: a named (fictional) data-protection
//! officer for every province, so the demonstration is alive on first start.
//! Deterministic: the same provinces always give the same officers.

use app::{
    domain::{DataProtectionOfficer, Province},
    server::DemoData,
};

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

/// One demo officer per province, in the provinces' order.
pub fn demo_data(provinces: &[Province]) -> DemoData {
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
    DemoData { officers }
}

#[cfg(test)]
mod tests {
    use app::domain::ProvinceKind;

    use super::*;

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
        let demo = demo_data(&provinces(34));
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
            demo_data(&provinces(34)).officers,
            demo_data(&provinces(34)).officers
        );
    }
}
