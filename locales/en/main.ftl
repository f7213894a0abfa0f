## Page frame

service-name = My personal data
# Browser tab title: "Page – Service"
page-title = { $page } – My personal data
nav-skip-to-content = Skip to main content
phase-tag = Beta
phase-text = This is a new service. Your feedback helps us improve it.
footer-nav-label = Support links
footer-privacy = Privacy notice
footer-cookies = Cookies
footer-accessibility = Accessibility statement
footer-officers = Data protection officers
footer-licence = Open-source software. Data shown in the demonstration is sample data.
loading = Loading…

## Language switcher (each language is named in itself)

language-name = English
language-switch-hidden = Change the language to
language-switcher-label = Language

## Errors

error-summary-title = There is a problem
error-reference = Reference: { $reference }. Please quote it if you contact support.
error-unauthenticated = You need to sign in to see this page.
error-forbidden = You do not have permission to see this page.
error-not-found = We could not find what you asked for.
error-conflict = Someone else has just changed this. Reload the page and try again.
error-unavailable = The service is temporarily unavailable. Try again in a few minutes.
error-internal = Something went wrong on our side. Nothing you entered has been lost.
error-invalid-request = The request was not valid. Check the details and try again.
error-page-title = Sorry, there is a problem with the service
error-page-body = Something went wrong on our side. Try again in a few minutes.
error-page-home-link = Go to the home page
error-too-large-title = What you sent is too large
error-too-large-body = What you sent is larger than we accept. Send a smaller file or less content.

## Page not found

not-found-title = Page not found
not-found-body = The address may be wrong, or the page may have moved. If you typed the address, check it is correct.
not-found-home-link = Go to the home page

## Home page

home-title = Home
home-heading = Your personal data: who holds it, who uses it, and your rights
home-lead = This service shows you which public agencies hold your personal data and who has shared it, and helps you use your rights under the Personal Data Protection Law.
home-can-heading = You can
home-can-holdings = see which agency holds which of your data, what for, on what legal basis and for how long;
home-can-sharing = see which agency shared your data with which other agency, when and why, in a log you can check for yourself;
home-can-consent = give or withdraw consent for each purpose, and get a receipt for every change;
home-can-requests = ask to see, correct or delete your data, object to its use, or complain; your request goes to the data protection officer of the responsible province or city;
home-can-follow = follow your request and the deadlines the law sets for an answer.
home-need-heading = What you need
home-need-body = A VNeID electronic identity account. To ask for your data to be corrected or deleted you need a level 2 VNeID account.
home-other-heading = Other ways to get in touch
home-other-body = You can also contact the data protection officer of the province or city where you live directly.
home-other-link = See the list of data protection officers
home-law-heading = The law
home-law-body = Personal Data Protection Law No. 91/2025/QH15 and Decree 356/2025/ND-CP, in force since 1 January 2026.

## Data protection officers

officers-title = Data protection officers
officers-lead = Each province and city has a named person (or unit) responsible for answering your requests about personal data. Their contact details are public.
officers-caption = Officers of { $count } provinces and cities
officers-empty = No data protection officers have been listed yet.
officers-col-province = Province or city
officers-col-officer = Officer
officers-col-email = Email
officers-col-phone = Phone
province-kind-city = City
province-kind-province = Province

## Privacy notice

privacy-title = Privacy notice
privacy-lead = This notice explains how this service handles your own personal data when you use it.
privacy-controller-heading = Who is responsible
privacy-controller-body = The controller is the public body that runs this service in your province or city. The data protection officer of each province and city is named publicly in the list of data protection officers.
privacy-data-heading = The data we handle
privacy-data-identity = When you sign in with VNeID we receive your full name, date of birth, identity assurance level and personal identification number. Your personal identification number is never stored in readable form: we keep only a pseudonym made with a secret key, and we only ever show its last 4 digits.
privacy-data-records = We keep the requests you make, the messages you exchange with the officer, each time you give or withdraw consent, and your account's sign-in history, so that you and the competent authorities can check them.
privacy-data-technical = To keep the service secure we keep technical logs (time, page address, error codes). IP addresses are stored only in hashed form and logs never contain personal identification numbers.
privacy-basis-heading = Why we may handle it
privacy-basis-body = We handle this data so that you can use your rights as a data subject under Article 4 of Personal Data Protection Law No. 91/2025/QH15, and to meet the controller's duties under Decree 356/2025/ND-CP.
privacy-retention-heading = How long we keep it
privacy-retention-body = Request files and consent receipts are kept as evidence for as long as the law on archives requires. A signed-in session ends after 15 minutes without activity and after 12 hours at most. Your sign-in history is kept for 12 months. Technical logs are deleted after 90 days.
privacy-sharing-heading = Sharing
privacy-sharing-body = We do not sell your data or share it for advertising. Your requests go only to the responsible data protection officer and the agencies concerned.
privacy-cookies-heading = Cookies
privacy-cookies-body = The service uses only the cookies it needs to work, so it does not ask you about cookies. We use no advertising or analytics cookies.
privacy-cookies-lang = The "lang" cookie remembers the language you chose, for one year.
privacy-cookies-session = The session cookie keeps you signed in and is deleted when you sign out or when the session ends.
privacy-rights-heading = Your rights
privacy-rights-body = You have the right to be informed; to give, refuse or withdraw consent; to see, correct and receive a copy of your data; to have it deleted or its use restricted; to object; and to complain, report and go to court.
privacy-rights-contact = To use these rights for the data this service itself handles, contact the data protection officer of your province or city.

## Accessibility statement

accessibility-title = Accessibility statement
accessibility-lead = We want everyone to be able to use this service, including people who use a screen reader, only a keyboard, or magnification.
accessibility-standard-heading = The standard we follow
accessibility-standard-body = The service is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.
accessibility-works-heading = You can
accessibility-works-body = use the whole service with a keyboard alone; zoom to 200% without losing content; use the service with JavaScript turned off in your browser; choose Vietnamese or English on every page.
accessibility-testing-heading = How we test it
accessibility-testing-body = Every change to the software is checked automatically with the axe tool on every page, in both languages, before it is released.
accessibility-limits-heading = Known limitations
accessibility-limits-body = The service has not yet been tested by hand with the NVDA screen reader with a Vietnamese voice, or with VoiceOver. We will update this statement when that testing is done.
accessibility-report-heading = Reporting a problem
accessibility-report-body = If you have difficulty using the service, contact the data protection officer of your province or city. We will reply within 2 working days.

## Identity

identity-error-length = A personal identification number has exactly 12 digits.
identity-error-digits = A personal identification number contains only the digits 0 to 9.

## Signing in, sessions and the account

nav-sign-in = Sign in with VNeID
nav-sign-out = Sign out
error-title-prefix = Error:
error-prefix = Error:
error-level2-required = This needs a level 2 electronic identity account. Sign in again with a level 2 VNeID account.
error-csrf-title = Request refused
error-csrf-body = This request did not come from the service's own pages, so it was refused to protect you. Open the page again and retry.
error-signed-out-title = You need to sign in
error-rate-limited-title = Too many attempts
dev-banner-tag = Test sign-in
dev-banner-text = The service uses a test identity provider: anyone can sign in as anyone. Do not use it for real data.

role-dpo = Data protection officer
role-administrator = Administrator
role-auditor = Auditor

account-title = Your account
account-signed-in-as = Signed in as
account-name = Full name
account-personal-id = Personal identification number
account-personal-id-spoken = Number ending in { $last }
account-level = Identity level
account-level-1 = Level 1
account-level-2 = Level 2
account-level-1-note = You signed in with a level 1 account. Requests to correct or delete data need a level 2 account.
account-level-2-link = Sign in again with a level 2 account
account-roles = Roles
account-role-citizen = Citizen
account-role-in-province = { $role }, { $province }
account-security-heading = Account security
account-security-body = Your personal identification number is not stored in readable form: the service keeps only a pseudonym computed from it. Your session ends after 15 minutes without activity, and after 12 hours at most.
account-activity-link = See your sign-in history

activity-title = Sign-in history
activity-back = Back to your account
activity-lead = Sign-ins, sign-outs and failed sign-ins to your account, newest first.
activity-caption = The { $count } most recent events
activity-empty = There is nothing here yet.
activity-col-time = Time
activity-col-event = Event
activity-col-browser = Browser
activity-col-network = Network
activity-network-hint = The “Network” column is a short code derived from the network address: two rows with the same code came from the same address. The service does not store network addresses.
activity-unknown-heading = See a sign-in you do not recognise?
activity-unknown-body = If there is a sign-in you do not recognise, change your VNeID password and contact the data protection officer of your province.
activity-sign-in = Signed in
activity-sign-out = Signed out
activity-sign-in-failed = Sign-in failed

sign-in-failed-title = You are not signed in
sign-in-failed-code = Reason code: { $code }
sign-in-failed-retry = Sign in again
sign-in-failed-cancelled = You cancelled signing in at VNeID. You can sign in again at any time.
sign-in-failed-provider-error = VNeID did not complete the sign-in. Try again.
sign-in-failed-state-mismatch = This sign-in does not match one started in this browser, or it was used already. Start signing in again.
sign-in-failed-expired = The sign-in took too long. Start signing in again.
sign-in-failed-invalid-token = We could not verify what VNeID sent back, so we did not sign you in. Try again.
sign-in-failed-missing-claims = VNeID did not send everything we need (personal identification number, full name). Try again or contact support.
sign-in-failed-provider-unavailable = We cannot reach VNeID at the moment. Try again in a few minutes.
sign-in-failed-rate-limited = There have been too many sign-ins from your network. Wait a minute and try again.

signed-out-title = You have signed out
signed-out-body = Your session on this service has ended. If you use a shared computer, close the browser.
signed-out-again = Sign in again

level2-title = You need a level 2 identity account
level2-body = This changes or deletes data about you, so it needs a level 2 electronic identity account (checked against your ID card).
level2-how = If your VNeID account is still level 1, upgrade it to level 2 at the police or in the VNeID app, then sign in again.
level2-sign-in = Sign in with a level 2 account

## Development identity provider

dev-idp-name = VNeID (test)
dev-idp-title = Choose who signs in
dev-idp-intro = This is a test identity provider standing in for VNeID. Everyone in the list is fictitious.
dev-idp-persona-legend = Sign in as
dev-idp-persona-citizen = citizen, level 2, number { $number }
dev-idp-persona-citizen-level1 = citizen, level 1, number { $number }
dev-idp-persona-dpo = data protection officer of Ha Noi, number { $number }
dev-idp-persona-administrator = administrator, number { $number }
dev-idp-persona-auditor = auditor, number { $number }
dev-idp-persona-custom = Someone else (type below)
dev-idp-custom-legend = Someone else
dev-idp-personal-id = Personal identification number
dev-idp-personal-id-hint = 12 digits, for example 001190012345
dev-idp-full-name = Full name
dev-idp-birthdate = Date of birth (optional)
dev-idp-birthdate-hint = For example 1990-05-12
dev-idp-level-legend = Identity level
dev-idp-level-1 = Level 1
dev-idp-level-2 = Level 2
dev-idp-approve = Sign in
dev-idp-cancel = Cancel
dev-idp-error-title = Sign-in request not valid
dev-idp-error-client = The application asking for sign-in is not registered, or its return address is wrong.
dev-idp-error-request = The sign-in request has missing or wrong parameters.
dev-idp-error-persona = Choose a person from the list, or choose “Someone else”.
dev-idp-error-name = Enter the full name.
dev-idp-error-level = Choose the identity level.

## My data

nav-my-data = My data
data-title = My data
data-lead = Which agencies hold your personal data, and which agencies shared it with whom.
data-back = Back to My data
data-holders-heading = Who holds your data
data-holders-count = { $count } agencies
data-holders-link = See the agencies that hold your data
data-shared-heading = Who shared your data
data-shared-recent = { $count } sharings in the last 30 days
data-shared-latest = Latest:
data-shared-link = See the sharing log
data-export-heading = Download your data
data-export-body = You can download all of this as a spreadsheet (CSV) or as machine-readable data (JSON).
data-export-csv = Download a spreadsheet (CSV)
data-export-proof = Download the proof that the log is intact (JSON)
data-export-json = Download the data (JSON)
holdings-title = Who holds your data
holdings-lead = The information systems that store your personal data, with the purpose, legal basis and how long it is kept, as each agency reports them.
holdings-empty = No agency has reported holding your data yet.
holdings-categories = Kinds of data
holdings-purpose = Purpose
holdings-legal-basis = Legal basis
holdings-retention = Kept for
holdings-retention-months = { $months } months
holdings-retention-law = As long as the law requires
holdings-source = Where it came from
holdings-updated = Last updated
sharing-title = Who shared your data
sharing-lead = Every time an agency provided your data to another, newest first. Some sharing for investigations is shown only when the law allows.
sharing-filter-heading = Filter the log
sharing-filter-agency = Agency
sharing-filter-category = Kind of data
sharing-filter-purpose = Purpose
sharing-filter-any = Any
sharing-filter-from = From
sharing-filter-until = Until
sharing-filter-apply = Filter
sharing-filter-clear = Clear filters
sharing-empty = No sharing has been reported yet.
sharing-empty-filtered = No sharing matches the filters. Clear them to see everything.
sharing-details-link = See details
sharing-pagination-label = Pages of the log
sharing-newer = Newer
sharing-older = Older
sharing-sentence-provided = { $recipient } received your data from { $provider }.
sharing-sentence-refused = { $provider } refused to provide your data to { $recipient }.
sharing-method-online-connection = Online connection between systems
sharing-method-database-synchronisation = Database synchronisation
sharing-method-storage-media = Copy on storage media
sharing-mode-default = Default sharing
sharing-mode-case-by-case = Case-by-case sharing
sharing-outcome-provided = Provided
sharing-outcome-refused = Refused
event-title = Sharing details
event-back = Back to the sharing log
event-time = Time
event-provider = Providing agency (system)
event-recipient = Receiving agency (system)
event-categories = Kinds of data
event-purpose = Purpose
event-legal-basis = Legal basis
event-method = Method
event-mode = Mode
event-outcome = Outcome
event-request-reference = Request file number
event-official = Official's code
event-reference = Event reference
event-not-given = Not given
event-deferred = Telling you about this sharing was lawfully deferred; it is shown from { $date }.
event-integrity-heading = Checking integrity
event-integrity-body = Every sharing is linked into a hash chain, so nobody can change or delete one without it being noticed. The hash of this sharing:
nav-consent = My consents
consent-title = Your consents
consent-lead = Some agencies may use your data for a purpose only if you agree. Here you can agree, withdraw your consent at any time, and see a receipt for every decision.
consent-state-active = Consent given
consent-state-withdrawn = Withdrawn
consent-state-expired = Expired
consent-state-none = Not given
consent-action-grant = Consent given
consent-action-withdraw = Consent withdrawn
consent-action-expire = Consent expired
consent-actor-subject = The person themselves
consent-actor-representative = Legal representative
consent-actor-system = The service (end of validity)
consent-actor-you = you
consent-error-unknown-purpose = There is no such purpose. Go back to your consents and choose one from the list.
consent-error-not-consent-based = This processing rests on a law, not on your consent, so there is nothing to give or withdraw here.
consent-error-already-active = Your consent for this purpose is already given. Nothing was changed.
consent-error-not-active = There is no consent in force for this purpose to withdraw. Nothing was changed.
consent-error-not-due = This consent is not past its validity.
consent-error-child-agreement = The child is 7 or older, so the child must agree too. Tick the box to confirm the child's own agreement, or cancel.
consent-error-not-representative = You are not recorded as a legal representative of this person.
consent-flag-none = Provided under a purpose that needs your consent, which you had not given.
consent-flag-withdrawn = Provided under a purpose that needs your consent after you had withdrawn it.
consent-flag-expired = Provided under a purpose that needs your consent after it had expired.
consent-flag-tag = Needs checking
representation-kind-child = child
representation-kind-adult = adult you represent
consent-acting-label = Acting for another person
consent-acting-for = You are acting for { $name }
consent-acting-age = , { $age } years old
consent-acting-stop = Back to your own consents
consent-act-for = Act for { $name }
consent-acting-heading = People you represent
consent-acting-hint = As a parent or guardian you can decide for a child, or for an adult you represent by law. Every decision records that you made it.
consent-history-link = History and receipts
consent-choices-heading = Purposes that need your consent
consent-other-heading = Processing that does not depend on your consent
consent-other-lead = These agencies process your data because a law requires or allows it. You cannot withdraw consent here, but you can ask to see or correct your data, or object.
consent-any-agency = Any agency handling your application
consent-active-until = since { $since }, valid until { $until }
consent-since = since { $date }
consent-withdraw-link = Withdraw consent
consent-grant-link = Give consent
consent-data = Data used
consent-legal-basis = Legal basis
consent-validity = How long consent lasts
consent-validity-months = { $months } months, unless you withdraw it sooner
consent-validity-open = Until you withdraw it
consent-controller = Agency responsible
consent-processors = Processing on its behalf
consent-decision-title = Give or withdraw consent
consent-back = Back to your consents
consent-grant-heading = Give consent:
consent-withdraw-heading = Withdraw consent:
consent-grant-effect = If you agree, the agency may use the data above for this purpose only, until the date shown or until you withdraw. Withdrawing later takes one button, like this.
consent-withdraw-effect = If you withdraw, { $agency } must stop using your data for this purpose.
consent-withdraw-before = Use of your data before you withdraw stays lawful. Processing the law requires for other purposes is not affected.
consent-grant-button = I agree
consent-withdraw-button = Withdraw consent
consent-cancel = Cancel
consent-child-legend = The child's own agreement
consent-child-hint = A child aged { $age } or over must agree too.
consent-child-agreed = { $name } has been told what this means and agrees
consent-child-agreed-yes = Given
consent-child-agreed-no = Not given
consent-history-title = Consent history
consent-chain-intact = Every record below is linked into a hash chain, and the chain checks out: no record has been changed or removed.
consent-chain-broken = Warning: the hash chain of these records does not check out. A record may have been changed. Contact the data protection officer.
consent-receipt-link = Receipt
consent-col-time = Time
consent-col-purpose = Purpose
consent-col-action = Decision
consent-col-actor = Made by
consent-col-receipt = Receipt
consent-receipt-title = Consent receipt
consent-receipt-id = Receipt number
consent-new-state = State after this decision
consent-valid-until = Valid until
consent-notice-version = Version of the notice shown
consent-notice-shown = Notice shown
consent-receipt-hash = Record hash
consent-receipt-purpose = The purpose as described today
consent-receipt-json = Download this receipt (JSON)
consent-flags-title = Data shared without consent
consent-flags-lead = Agencies of your province reported providing people's data for a purpose that needs consent while that person's consent was not active. Each one needs checking with the agency.
consent-flags-empty = No agency of your province has reported such a sharing.
consent-flags-count = { $count } flagged sharings, newest first
consent-flags-why = Why it is flagged
admin-purposes-title = Consent purposes
admin-purposes-lead = The notices people read before they give or withdraw consent. Changing a notice gives it the next version; consents given earlier keep the notice that was shown.
admin-purposes-back = Back to the consent purposes
admin-purpose-title = Edit the notice:
admin-purpose-edit = Edit
admin-purpose-actions = Change
admin-purpose-version = Version { $version } of the notice is in force.
admin-purpose-notice-vi = Notice in Vietnamese
admin-purpose-notice-en = Notice in English
admin-purpose-validity = How long a consent lasts, in months
admin-purpose-validity-hint = A whole number from 1 to 120; leave empty for "until withdrawn". Applies to consents given from now on.
admin-purpose-save = Save the notice
admin-purpose-saved = The notice was saved.
admin-purpose-error-empty = Enter the notice: people must be told what they agree to.
admin-purpose-error-long = The notice is too long: keep it to 2,000 characters.
admin-purpose-error-validity = Enter a whole number of months from 1 to 120, or leave it empty.
consent-method = How it was recorded
consent-method-web-form = On this service's form, after the notice was shown
consent-method-automatic-expiry = By the service, when the validity ended
deadline-error-year = The holiday calendar has no data for the year this deadline falls in. An administrator must add that year's public holidays first.
deadline-error-extension-length = An extension is 1 to 15 days.
deadline-error-extended = This deadline has been extended once already; it cannot be extended again.
