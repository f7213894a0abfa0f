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
privacy-retention-body = Request files and consent receipts are kept as evidence for as long as the law on archives requires. A signed-in session ends after 15 minutes without activity and after 12 hours at most. Technical logs are deleted after 90 days.
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
