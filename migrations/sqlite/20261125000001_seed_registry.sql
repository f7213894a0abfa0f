-- Reference data of the registry: data categories (Decree 356/2025/ND-CP
-- distinguishes basic and sensitive personal data), purposes, legal bases,
-- and the central agencies with their national databases. Provincial
-- agencies are added by administrators (and by the demo data).
INSERT INTO data_categories (id, code, name_vi, name_en, sensitive) VALUES
    (1, 'full-name', 'Họ, chữ đệm và tên khai sinh', 'Full name', FALSE),
    (2, 'date-of-birth', 'Ngày, tháng, năm sinh', 'Date of birth', FALSE),
    (3, 'sex', 'Giới tính', 'Sex', FALSE),
    (4, 'personal-id', 'Số định danh cá nhân', 'Personal identification number', FALSE),
    (5, 'residence', 'Nơi thường trú, tạm trú', 'Permanent and temporary residence', FALSE),
    (6, 'contact', 'Số điện thoại, địa chỉ thư điện tử', 'Phone number and e-mail address', FALSE),
    (7, 'family', 'Quan hệ gia đình', 'Family relationships', FALSE),
    (8, 'marital-status', 'Tình trạng hôn nhân', 'Marital status', FALSE),
    (9, 'education', 'Trình độ học vấn, văn bằng', 'Education and qualifications', FALSE),
    (10, 'occupation', 'Nghề nghiệp, nơi làm việc', 'Occupation and employer', FALSE),
    (11, 'photo', 'Ảnh chân dung', 'Portrait photo', FALSE),
    (12, 'land', 'Quyền sử dụng đất, nhà ở', 'Land use and housing rights', FALSE),
    (13, 'health', 'Tình trạng sức khỏe, hồ sơ bệnh án', 'Health and medical records', TRUE),
    (14, 'biometrics', 'Dữ liệu sinh trắc học (vân tay, mống mắt)', 'Biometrics (fingerprints, iris)', TRUE),
    (15, 'criminal-record', 'Lý lịch tư pháp, thông tin về tội phạm', 'Criminal records', TRUE),
    (16, 'financial', 'Thông tin tài chính, thu nhập, thuế', 'Financial, income and tax data', TRUE),
    (17, 'insurance', 'Thông tin bảo hiểm xã hội, bảo hiểm y tế', 'Social and health insurance data', TRUE),
    (18, 'location', 'Vị trí được xác định qua dịch vụ định vị', 'Location from positioning services', TRUE);

INSERT INTO purposes (id, code, name_vi, name_en) VALUES
    (1, 'public-service', 'Giải quyết thủ tục hành chính, dịch vụ công', 'Handling an administrative procedure or public service'),
    (2, 'residence-management', 'Quản lý cư trú', 'Residence management'),
    (3, 'health-insurance', 'Cấp và thanh toán bảo hiểm y tế', 'Issuing and paying health insurance'),
    (4, 'civil-status', 'Đăng ký hộ tịch', 'Civil status registration'),
    (5, 'land-administration', 'Quản lý đất đai', 'Land administration'),
    (6, 'education', 'Quản lý giáo dục, tuyển sinh', 'Education and school admission'),
    (7, 'tax', 'Quản lý thuế', 'Tax administration'),
    (8, 'social-assistance', 'Trợ giúp xã hội', 'Social assistance'),
    (9, 'investigation', 'Điều tra, xử lý vi phạm pháp luật', 'Investigating offences'),
    (10, 'medical-care', 'Khám bệnh, chữa bệnh', 'Medical care');

INSERT INTO legal_bases (id, code, citation_vi, citation_en) VALUES
    (1, 'identity-law-2023', 'Luật Căn cước số 26/2023/QH15', 'Law on Identification No. 26/2023/QH15'),
    (2, 'residence-law-2020', 'Luật Cư trú số 68/2020/QH14', 'Law on Residence No. 68/2020/QH14'),
    (3, 'health-insurance-law', 'Luật Bảo hiểm y tế số 25/2008/QH12 (đã sửa đổi, bổ sung)', 'Law on Health Insurance No. 25/2008/QH12, as amended'),
    (4, 'civil-status-law-2014', 'Luật Hộ tịch số 60/2014/QH13', 'Law on Civil Status No. 60/2014/QH13'),
    (5, 'land-law-2024', 'Luật Đất đai số 31/2024/QH15', 'Land Law No. 31/2024/QH15'),
    (6, 'education-law-2019', 'Luật Giáo dục số 43/2019/QH14', 'Law on Education No. 43/2019/QH14'),
    (7, 'tax-administration-law-2019', 'Luật Quản lý thuế số 38/2019/QH14', 'Law on Tax Administration No. 38/2019/QH14'),
    (8, 'data-sharing-decree-47', 'Nghị định 47/2020/NĐ-CP về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước', 'Decree 47/2020/ND-CP on managing, connecting and sharing digital data of state agencies'),
    (9, 'pdp-law-state-duty', 'Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15: xử lý để thực hiện nhiệm vụ của cơ quan nhà nước theo quy định của luật', 'Personal Data Protection Law No. 91/2025/QH15: processing to perform a state agency''s duties under law'),
    (10, 'criminal-procedure-code-2015', 'Bộ luật Tố tụng hình sự năm 2015', 'Criminal Procedure Code 2015'),
    (11, 'medical-examination-law-2023', 'Luật Khám bệnh, chữa bệnh số 15/2023/QH15', 'Law on Medical Examination and Treatment No. 15/2023/QH15');

-- Contact details are left for administrators to fill in from official sources.
INSERT INTO agencies (id, code, name_vi, name_en, kind, province_id) VALUES
    (1, 'BCA', 'Bộ Công an', 'Ministry of Public Security', 'ministry', NULL),
    (2, 'BHXH', 'Bảo hiểm xã hội Việt Nam', 'Viet Nam Social Security', 'social-insurance', NULL),
    (3, 'BTP', 'Bộ Tư pháp', 'Ministry of Justice', 'ministry', NULL),
    (4, 'BNNMT', 'Bộ Nông nghiệp và Môi trường', 'Ministry of Agriculture and Environment', 'ministry', NULL),
    (5, 'BGDDT', 'Bộ Giáo dục và Đào tạo', 'Ministry of Education and Training', 'ministry', NULL),
    (6, 'BTC', 'Bộ Tài chính (Cục Thuế)', 'Ministry of Finance (Tax Department)', 'ministry', NULL),
    (7, 'BYT', 'Bộ Y tế', 'Ministry of Health', 'ministry', NULL);

INSERT INTO systems (id, agency_id, code, name_vi, name_en) VALUES
    (1, 1, 'BCA-NPD', 'Cơ sở dữ liệu quốc gia về dân cư', 'National Population Database'),
    (2, 1, 'BCA-RESIDENCE', 'Cơ sở dữ liệu về cư trú', 'Residence Database'),
    (3, 2, 'BHXH-INSURANCE', 'Cơ sở dữ liệu quốc gia về bảo hiểm', 'National Insurance Database'),
    (4, 3, 'BTP-CIVIL', 'Cơ sở dữ liệu hộ tịch điện tử', 'Electronic Civil Status Database'),
    (5, 4, 'BNNMT-LAND', 'Cơ sở dữ liệu quốc gia về đất đai', 'National Land Database'),
    (6, 5, 'BGDDT-EDU', 'Cơ sở dữ liệu ngành giáo dục', 'Education Sector Database'),
    (7, 6, 'BTC-TAX', 'Cơ sở dữ liệu quản lý thuế', 'Tax Administration Database'),
    (8, 7, 'BYT-HEALTH', 'Hệ thống hồ sơ sức khỏe điện tử', 'Electronic Health Records System');
