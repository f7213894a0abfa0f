-- Consent (Law 91/2025/QH15, Art. 9; Decree 356/2025/ND-CP).
--
-- The purposes become a catalogue: who controls the processing, who
-- processes for them, which data, a plain-language notice in both
-- languages, the legal basis, how long a consent lasts, and whether the
-- processing rests on consent at all (purposes on another legal basis are
-- shown read-only). Administrators bump notice_version when the notice
-- changes; every consent record keeps the version and text it showed.
ALTER TABLE purposes ADD COLUMN controller_agency_id INTEGER REFERENCES agencies (id);
ALTER TABLE purposes ADD COLUMN processors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE purposes ADD COLUMN categories TEXT NOT NULL DEFAULT '[]';
ALTER TABLE purposes ADD COLUMN description_vi TEXT NOT NULL DEFAULT '';
ALTER TABLE purposes ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE purposes ADD COLUMN legal_basis_id INTEGER REFERENCES legal_bases (id);
ALTER TABLE purposes ADD COLUMN validity_months INTEGER;
ALTER TABLE purposes ADD COLUMN rests_on_consent INTEGER NOT NULL DEFAULT 0 CHECK (rests_on_consent IN (0, 1));
ALTER TABLE purposes ADD COLUMN notice_version INTEGER NOT NULL DEFAULT 1;

-- Consent records: every grant, withdrawal and expiry, never changed.
-- Chained by hash per person (subject_seq), and numbered service-wide in
-- commit order (feed_seq) so agencies can pull every change after a cursor.
-- Personal data (purpose: proof of consent for the person and the
-- controller; retention: as long as the controller may need to prove it).
CREATE TABLE consent_records (
    id INTEGER PRIMARY KEY,
    feed_seq INTEGER NOT NULL UNIQUE,
    receipt_id TEXT NOT NULL UNIQUE,
    pseudonym TEXT NOT NULL,
    subject_seq INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL REFERENCES purposes (id),
    -- Snapshots, in codes, of what the person agreed to.
    controller TEXT NOT NULL,
    categories TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('grant', 'withdraw', 'expire')),
    state TEXT NOT NULL CHECK (state IN ('active', 'withdrawn', 'expired')),
    valid_until TEXT,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('subject', 'representative', 'system')),
    actor_pseudonym TEXT,
    method TEXT NOT NULL CHECK (method IN ('web-form', 'automatic-expiry')),
    child_agreed INTEGER CHECK (child_agreed IN (0, 1)),
    notice_version INTEGER NOT NULL,
    notice_lang TEXT NOT NULL,
    notice_text TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chain_hash TEXT NOT NULL,
    UNIQUE (pseudonym, subject_seq)
);

-- The current state per person and purpose (derived from the records, kept
-- for the agencies' checks and the expiry sweep).
CREATE TABLE consent_states (
    pseudonym TEXT NOT NULL,
    purpose_id INTEGER NOT NULL REFERENCES purposes (id),
    state TEXT NOT NULL CHECK (state IN ('active', 'withdrawn', 'expired')),
    valid_until TEXT,
    receipt_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (pseudonym, purpose_id)
);
CREATE INDEX consent_states_due ON consent_states (valid_until) WHERE state = 'active';

-- One row, locked by every consent writer: changes are serialised, so a
-- grant and a withdrawal at once end in one order, and feed_seq follows
-- commit order (a reader after a cursor never misses a row committed late).
CREATE TABLE consent_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_feed_seq INTEGER NOT NULL
);
INSERT INTO consent_head (id, next_feed_seq) VALUES (1, 1);

-- Legal representatives (Law 91/2025, Art. 24): a parent or guardian and
-- the child or adult without capacity they act for, as the civil-status
-- records or a court decision establish. Personal data (purpose: letting
-- the representative act; retention: while the link is in force).
CREATE TABLE representations (
    id INTEGER PRIMARY KEY,
    representative_pseudonym TEXT NOT NULL,
    subject_pseudonym TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    subject_birth_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('child', 'adult-without-capacity')),
    created_at TEXT NOT NULL,
    ended_at TEXT,
    UNIQUE (representative_pseudonym, subject_pseudonym)
);

-- A sharing event reported under a consent-based purpose when the person's
-- consent was not active: the state at the time ('none', 'withdrawn' or
-- 'expired'), set when the event is appended. NULL: nothing to flag.
ALTER TABLE sharing_events ADD COLUMN consent_flag TEXT
    CHECK (consent_flag IN ('none', 'withdrawn', 'expired'));
CREATE INDEX sharing_events_flagged ON sharing_events (provider_agency_id, occurred_at)
    WHERE consent_flag IS NOT NULL;

-- The catalogue. Consent is the legal basis only where the law leaves the
-- choice to the person (Art. 9); the state's own duties rest on the laws
-- cited and are listed read-only.
INSERT INTO legal_bases (id, code, citation_vi, citation_en) VALUES
    (12, 'pdp-law-consent', 'Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, Điều 9: sự đồng ý của chủ thể dữ liệu cá nhân', 'Personal Data Protection Law No. 91/2025/QH15, Art. 9: the consent of the data subject');

UPDATE purposes SET legal_basis_id = 9,
    categories = '["full-name","date-of-birth","personal-id","residence","contact"]',
    description_vi = 'Cơ quan nhà nước dùng dữ liệu của bạn để giải quyết thủ tục hành chính và dịch vụ công mà bạn yêu cầu. Việc này do luật quy định, không cần bạn đồng ý.',
    description_en = 'State agencies use your data to handle the administrative procedures and public services you apply for. The law provides for this; it does not need your consent.'
    WHERE code = 'public-service';
UPDATE purposes SET controller_agency_id = 1, legal_basis_id = 2,
    categories = '["full-name","date-of-birth","personal-id","residence","family"]',
    description_vi = 'Bộ Công an quản lý nơi thường trú, tạm trú của mọi công dân theo Luật Cư trú.',
    description_en = 'The Ministry of Public Security keeps every citizen''s permanent and temporary residence under the Law on Residence.'
    WHERE code = 'residence-management';
UPDATE purposes SET controller_agency_id = 2, legal_basis_id = 3,
    categories = '["full-name","date-of-birth","personal-id","residence","insurance"]',
    description_vi = 'Bảo hiểm xã hội Việt Nam cấp thẻ và thanh toán chi phí khám, chữa bệnh bảo hiểm y tế theo Luật Bảo hiểm y tế.',
    description_en = 'Viet Nam Social Security issues health insurance cards and pays for covered care under the Law on Health Insurance.'
    WHERE code = 'health-insurance';
UPDATE purposes SET controller_agency_id = 3, legal_basis_id = 4,
    categories = '["full-name","date-of-birth","sex","family","marital-status"]',
    description_vi = 'Bộ Tư pháp lưu giữ khai sinh, kết hôn, khai tử và các việc hộ tịch khác theo Luật Hộ tịch.',
    description_en = 'The Ministry of Justice keeps births, marriages, deaths and other civil-status events under the Law on Civil Status.'
    WHERE code = 'civil-status';
UPDATE purposes SET controller_agency_id = 4, legal_basis_id = 5,
    categories = '["full-name","personal-id","residence","land"]',
    description_vi = 'Bộ Nông nghiệp và Môi trường quản lý quyền sử dụng đất và nhà ở theo Luật Đất đai.',
    description_en = 'The Ministry of Agriculture and Environment keeps land use and housing rights under the Land Law.'
    WHERE code = 'land-administration';
UPDATE purposes SET controller_agency_id = 5, legal_basis_id = 6,
    categories = '["full-name","date-of-birth","education"]',
    description_vi = 'Bộ Giáo dục và Đào tạo quản lý hồ sơ học tập và tuyển sinh theo Luật Giáo dục.',
    description_en = 'The Ministry of Education and Training keeps school records and admissions under the Law on Education.'
    WHERE code = 'education';
UPDATE purposes SET controller_agency_id = 6, legal_basis_id = 7,
    categories = '["full-name","personal-id","financial"]',
    description_vi = 'Cơ quan thuế dùng thông tin thu nhập của bạn để quản lý thuế theo Luật Quản lý thuế.',
    description_en = 'The tax authority uses your income data to administer taxes under the Law on Tax Administration.'
    WHERE code = 'tax';
UPDATE purposes SET legal_basis_id = 9,
    categories = '["full-name","residence","family","financial"]',
    description_vi = 'Ủy ban nhân dân các cấp xét và chi trả trợ giúp xã hội cho người đủ điều kiện theo quy định của pháp luật.',
    description_en = 'People''s Committees decide and pay social assistance to those who qualify under law.'
    WHERE code = 'social-assistance';
UPDATE purposes SET controller_agency_id = 1, legal_basis_id = 10,
    categories = '["full-name","personal-id","residence","criminal-record"]',
    description_vi = 'Cơ quan điều tra xử lý dữ liệu khi điều tra vụ án theo Bộ luật Tố tụng hình sự; việc này có thể được hoãn thông báo cho bạn.',
    description_en = 'Investigating bodies process data in criminal cases under the Criminal Procedure Code; telling you may be lawfully deferred.'
    WHERE code = 'investigation';
UPDATE purposes SET controller_agency_id = 7, legal_basis_id = 11,
    categories = '["full-name","date-of-birth","health","insurance"]',
    description_vi = 'Cơ sở khám, chữa bệnh lập và lưu hồ sơ bệnh án theo Luật Khám bệnh, chữa bệnh.',
    description_en = 'Hospitals and clinics make and keep medical records under the Law on Medical Examination and Treatment.'
    WHERE code = 'medical-care';

INSERT INTO purposes (id, code, name_vi, name_en, controller_agency_id, processors, categories,
        description_vi, description_en, legal_basis_id, validity_months, rests_on_consent, notice_version) VALUES
    (11, 'health-record-sharing',
     'Chia sẻ hồ sơ sức khỏe điện tử giữa các cơ sở khám, chữa bệnh',
     'Sharing your electronic health record between hospitals',
     7, '["BHXH"]', '["full-name","date-of-birth","personal-id","health"]',
     'Bác sĩ ở nơi bạn đến khám được xem kết quả khám, xét nghiệm và đơn thuốc trước đây trong hồ sơ sức khỏe điện tử của bạn. Bảo hiểm xã hội Việt Nam lưu trữ hồ sơ cho Bộ Y tế. Nếu bạn không đồng ý hoặc rút lại, mỗi nơi chỉ xem được hồ sơ do chính nơi đó lập; việc khám, chữa bệnh và bảo hiểm y tế của bạn không thay đổi.',
     'Doctors where you are treated can see your earlier examination results, tests and prescriptions in your electronic health record. Viet Nam Social Security stores the record for the Ministry of Health. If you do not agree, or withdraw, each hospital sees only the records it made itself; your care and your health insurance do not change.',
     12, 60, TRUE, 1),
    (12, 'insurance-reminders',
     'Nhắc hạn thẻ bảo hiểm y tế qua tin nhắn và thư điện tử',
     'Reminders before your health insurance card expires, by text message and e-mail',
     2, '[]', '["full-name","contact","insurance"]',
     'Bảo hiểm xã hội Việt Nam dùng số điện thoại, thư điện tử và hạn thẻ bảo hiểm y tế của bạn để nhắc bạn trước khi thẻ hết hạn. Nếu bạn không đồng ý hoặc rút lại, bạn không nhận được lời nhắc; thẻ của bạn vẫn có giá trị như cũ.',
     'Viet Nam Social Security uses your phone number, e-mail address and card expiry date to remind you before your health insurance card expires. If you do not agree, or withdraw, you get no reminders; your card stays valid as before.',
     12, 24, TRUE, 1),
    (13, 'school-prize-publication',
     'Công bố tên và ảnh học sinh đạt giải trên cổng thông tin giáo dục',
     'Publishing the names and photos of prize-winning pupils on the education portal',
     5, '[]', '["full-name","photo","education"]',
     'Bộ Giáo dục và Đào tạo đăng họ tên, ảnh, trường và giải thưởng của học sinh đạt giải trong các kỳ thi học sinh giỏi. Với trẻ từ đủ 7 tuổi, cần cả sự đồng ý của trẻ và của cha mẹ hoặc người giám hộ. Nếu không đồng ý hoặc rút lại, kết quả chỉ được báo cho học sinh và nhà trường, và ảnh đã đăng được gỡ xuống.',
     'The Ministry of Education and Training publishes the name, photo, school and prize of pupils who win academic competitions. For a child aged 7 or over, both the child and a parent or guardian must agree. If you do not agree, or withdraw, results go only to the pupil and the school, and published photos are taken down.',
     12, 12, TRUE, 1),
    (14, 'scholarship-matching',
     'Giới thiệu học bổng phù hợp',
     'Matching you with scholarships',
     5, '[]', '["full-name","date-of-birth","education","financial"]',
     'Bộ Giáo dục và Đào tạo dùng kết quả học tập và thu nhập của gia đình để báo cho bạn các học bổng bạn có thể đủ điều kiện nhận. Nếu bạn không đồng ý hoặc rút lại, bạn vẫn tự nộp hồ sơ học bổng được như mọi người.',
     'The Ministry of Education and Training uses school results and family income to tell you about scholarships you may qualify for. If you do not agree, or withdraw, you can still apply for any scholarship yourself.',
     12, 12, TRUE, 1),
    (15, 'health-research',
     'Dùng hồ sơ sức khỏe đã khử định danh cho nghiên cứu y học',
     'Using your de-identified health records for medical research',
     7, '[]', '["date-of-birth","sex","health"]',
     'Bộ Y tế cung cấp hồ sơ sức khỏe của bạn, đã bỏ tên và số định danh, cho các đề tài nghiên cứu y học được hội đồng đạo đức phê duyệt. Nếu bạn rút lại, hồ sơ của bạn không được đưa vào các đợt cung cấp sau đó.',
     'The Ministry of Health provides your health records, without your name or ID number, to medical research projects approved by an ethics committee. If you withdraw, your records are left out of every later release.',
     12, 60, TRUE, 1),
    (16, 'vneid-service-updates',
     'Thông báo về dịch vụ công mới qua ứng dụng VNeID',
     'News about new public services in the VNeID app',
     1, '[]', '["full-name","contact"]',
     'Bộ Công an gửi cho bạn thông báo về dịch vụ công trực tuyến mới qua ứng dụng VNeID và thư điện tử. Nếu bạn không đồng ý hoặc rút lại, bạn không nhận các thông báo này; tài khoản VNeID của bạn không thay đổi.',
     'The Ministry of Public Security sends you news about new online public services in the VNeID app and by e-mail. If you do not agree, or withdraw, you get no such news; your VNeID account does not change.',
     12, NULL, TRUE, 1);
