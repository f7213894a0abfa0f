-- The 34 provincial-level units in force since 1 July 2025 (Resolution
-- 202/2025/QH15): 6 centrally run cities, then 28 provinces. Reference data,
-- not personal data. `position` keeps the listing order: cities first, then provinces.
CREATE TABLE provinces (
    id integer PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name_vi text NOT NULL,
    name_en text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('city', 'province')),
    position integer NOT NULL UNIQUE
);

INSERT INTO provinces (id, code, name_vi, name_en, kind, position) VALUES
    (1, 'HN', 'Hà Nội', 'Ha Noi', 'city', 1),
    (2, 'HCM', 'Thành phố Hồ Chí Minh', 'Ho Chi Minh City', 'city', 2),
    (3, 'HP', 'Hải Phòng', 'Hai Phong', 'city', 3),
    (4, 'DNG', 'Đà Nẵng', 'Da Nang', 'city', 4),
    (5, 'CT', 'Cần Thơ', 'Can Tho', 'city', 5),
    (6, 'HUE', 'Huế', 'Hue', 'city', 6),
    (7, 'LCH', 'Lai Châu', 'Lai Chau', 'province', 7),
    (8, 'DB', 'Điện Biên', 'Dien Bien', 'province', 8),
    (9, 'SL', 'Sơn La', 'Son La', 'province', 9),
    (10, 'LS', 'Lạng Sơn', 'Lang Son', 'province', 10),
    (11, 'QNI', 'Quảng Ninh', 'Quang Ninh', 'province', 11),
    (12, 'TH', 'Thanh Hóa', 'Thanh Hoa', 'province', 12),
    (13, 'NA', 'Nghệ An', 'Nghe An', 'province', 13),
    (14, 'HT', 'Hà Tĩnh', 'Ha Tinh', 'province', 14),
    (15, 'CB', 'Cao Bằng', 'Cao Bang', 'province', 15),
    (16, 'TQ', 'Tuyên Quang', 'Tuyen Quang', 'province', 16),
    (17, 'LCA', 'Lào Cai', 'Lao Cai', 'province', 17),
    (18, 'TN', 'Thái Nguyên', 'Thai Nguyen', 'province', 18),
    (19, 'PT', 'Phú Thọ', 'Phu Tho', 'province', 19),
    (20, 'BN', 'Bắc Ninh', 'Bac Ninh', 'province', 20),
    (21, 'HY', 'Hưng Yên', 'Hung Yen', 'province', 21),
    (22, 'NB', 'Ninh Bình', 'Ninh Binh', 'province', 22),
    (23, 'QT', 'Quảng Trị', 'Quang Tri', 'province', 23),
    (24, 'QNG', 'Quảng Ngãi', 'Quang Ngai', 'province', 24),
    (25, 'GL', 'Gia Lai', 'Gia Lai', 'province', 25),
    (26, 'KH', 'Khánh Hòa', 'Khanh Hoa', 'province', 26),
    (27, 'LD', 'Lâm Đồng', 'Lam Dong', 'province', 27),
    (28, 'DLK', 'Đắk Lắk', 'Dak Lak', 'province', 28),
    (29, 'DNA', 'Đồng Nai', 'Dong Nai', 'province', 29),
    (30, 'TNI', 'Tây Ninh', 'Tay Ninh', 'province', 30),
    (31, 'VL', 'Vĩnh Long', 'Vinh Long', 'province', 31),
    (32, 'DT', 'Đồng Tháp', 'Dong Thap', 'province', 32),
    (33, 'CM', 'Cà Mau', 'Ca Mau', 'province', 33),
    (34, 'AG', 'An Giang', 'An Giang', 'province', 34);

-- The named data-protection officer (or unit) accountable for each province.
-- Personal data of officials, public by law so citizens know who answers for
-- their data; kept while the person holds the post.
CREATE TABLE data_protection_officers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    province_id integer NOT NULL UNIQUE REFERENCES provinces (id),
    full_name text NOT NULL,
    title_vi text NOT NULL,
    title_en text NOT NULL,
    email text NOT NULL,
    phone text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Facts about this installation, such as when demo data was loaded.
CREATE TABLE app_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
