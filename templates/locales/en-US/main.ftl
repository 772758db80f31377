## Layout
site-tagline = Public information request service (Law 14/2008)
skip-to-content = Skip to content
footer-text = Terbuka — public information service software for public bodies and Information Commissions.
language-switch = Change language

## Home
home-bodies-heading = Public bodies on this service
home-no-bodies = No public body has been added to this service yet.
home-title = Home
home-heading = Your right to public information
home-intro = This site is a public information request service under Law No. 14 of 2008 on Public Information Disclosure. Every Indonesian citizen and Indonesian legal entity may request information from a public body, and the body must answer within the time limits the law sets.
home-timeline-heading = How a request works
home-timeline-note = Every time limit counts working days: Saturdays, Sundays, national holidays and collective leave days (cuti bersama) do not count. The day a request is received is day 0.
home-step-notice-title = Written notice
home-step-notice-text = The public body must send you a written notice no later than { $days } working days after your request is received.
home-step-extension-title = Extension
home-step-extension-text = The body may extend once, by at most { $days } working days, with written reasons sent before the first limit passes.
home-step-objection-title = Objection
home-step-objection-text = If your request is refused, unanswered or not fulfilled, you may file an objection (keberatan) with the PPID's superior within { $days } working days.
home-step-atasan-title = The superior's decision
home-step-atasan-text = The PPID's superior must decide the objection in writing no later than { $days } working days after receiving it.
home-step-dispute-title = Dispute at the Information Commission
home-step-dispute-text = If you are not satisfied with the superior's decision, or there is none, you may bring a dispute to the Information Commission within { $days } working days.

## Error pages
page-not-found-heading = Page not found
page-not-found-body = The address you opened does not exist. Check the address, or go back to the home page.
page-service-unavailable-heading = Service unavailable
page-service-unavailable-body = We cannot reach the database right now. None of your data has been lost. Please try again in a few minutes.
page-internal-error-heading = Something went wrong
page-internal-error-body = Something went wrong on the server. The error has been logged. Please try again.
back-home = Back to the home page

## API errors
error-unauthorized = Send the tracking token in an Authorization: Bearer header.
error-too-many-requests = Too many requests in a short time. Try again after the time in the Retry-After header.
error-invalid-json = The request body is not JSON matching the schema. See the OpenAPI document.
error-invalid-input = The input is not valid. Check the fields listed.
error-not-found = The requested resource was not found.
error-service-unavailable = The service is unavailable. Please try again later.
error-internal-error = Something went wrong on the server. The error has been logged.
error-invalid-date = Enter a date as YYYY-MM-DD, for example 2025-03-21.
error-date-out-of-range = The date must be between 2000-01-01 and 2199-12-31.
error-invalid-working-days = Enter the number of working days as a whole number from 1 to 1000.
error-invalid-jurisdiction = Enter an Information Commission jurisdiction code (lowercase letters, digits and hyphens).

## Deadlines
deadline-explanation = Due { $due } = { $days } working days after { $from }
deadline-skipping = , skipping { $days }
deadline-provisional = This deadline is provisional: the holiday calendar for that year is not loaded yet, so only weekends and the fixed-date national holidays were counted.

## Public body page
body-contact-heading = PPID contact
body-address = Address
body-phone = Phone
body-email = Email
body-request-button = Request information
body-request-note = Your request is registered at once and you get a registration number and a link to follow it.

## Request form
form-title = Request information
form-intro = Fill in this form to request public information. Every field is required unless marked "optional".
form-honeypot = Leave this field empty
form-about-you = About you
form-kind = Who is making the request?
form-kind-individual = Myself (an individual)
form-kind-legal-entity = An Indonesian legal entity
form-kind-group = A group of people, through a power of attorney
form-kind-represented = I am represented by a proxy (kuasa)
form-requester-name = Full name
form-requester-nik = NIK (national identity number)
form-requester-nik-hint = The 16 digits on your KTP. Your NIK is stored encrypted and seen only by PPID officers.
form-entity-decree-number = Legal entity's decree number (SK pengesahan)
form-entity-decree-number-hint = For legal entities only.
form-representative-name = Proxy's name
form-representative-name-hint = Only if a proxy represents you.
form-representative-nik = Proxy's NIK
form-requester-address = Address
form-requester-occupation = Occupation
form-requester-phone = Phone number (optional)
form-requester-phone-hint = For example 0812 3456 7890.
form-requester-email = Email address
form-requester-email-hint = We use this address to send your receipt and news about your request.
form-your-request = Your request
form-information = What information do you need?
form-information-hint = Describe the information you are looking for, for example a document, a year or an activity.
form-purpose = What will you use the information for?
form-purpose-hint = The law requires you to state the purpose.
form-obtain = How do you want to obtain the information?
form-obtain-inspect = See, read, listen to or take notes
form-obtain-softcopy = An electronic copy (softcopy)
form-obtain-hardcopy = A printed copy (hardcopy)
form-delivery = How should a copy reach you?
form-delivery-pickup = I will pick it up
form-delivery-courier = Courier
form-delivery-post = Post
form-delivery-fax = Fax
form-delivery-email = Email
form-consent = The text of my request may appear in the public register of requests
form-consent-hint = Your name and personal details are never shown. Officers can hide text that contains personal data.
form-submit = Send request
form-error-summary = There is a problem

## Privacy notice (UU 27/2022)
privacy-summary = How we use your personal data
privacy-what = We keep your name, NIK or legal entity decree number, address, occupation, phone and email because the Public Information Disclosure Law requires public bodies to record who requests information. Your NIK is stored encrypted.
privacy-who = Only the PPID officers of the body handling your request, and you, can see these details. They are never shown on public pages, and the Information Commission sees them masked only.
privacy-how-long = They are kept until the objection, dispute and court deadlines have passed plus the archive retention period, and then deleted.

## Form errors
form-error-too-many = You have sent too many requests in a short time. Try again after { $time }.
form-error-invalid = Check this answer.
form-error-required = This field is required.
form-error-invalid-choice = Choose one of the options.
form-error-invalid-length = This answer is too short or too long.
form-error-too-long = This answer is too long.
form-error-invalid-email = Enter an email address in the correct format, like name@example.com.
form-error-invalid-phone = Enter a phone number in the correct format, like 0812 3456 7890.
form-error-nik-length = A NIK has 16 digits.
form-error-nik-digits = A NIK contains digits only.
form-error-nik-province = The first two digits of a NIK are a province code. Check the NIK on your KTP.
form-error-nik-birth-date = Digits 7 to 12 of a NIK are a date of birth. Check the NIK on your KTP.
form-error-nik-serial = The last four digits of a NIK cannot all be zero.
form-error-in-future = The time of receipt cannot be in the future.
form-error-expired = This form has expired or was opened in another window. Check your answers and send it again.
form-error-rejected = The request could not be accepted. If you filled in the hidden field, empty it and send again.
form-error-requester-kind-invalid-choice = Choose who is making the request.
form-error-requester-name-required = Enter your full name.
form-error-requester-nik-required = Enter your NIK.
form-error-entity-decree-number-required = Enter the legal entity's decree number.
form-error-representative-name-required = Enter your proxy's name.
form-error-representative-nik-required = Enter your proxy's NIK.
form-error-requester-address-required = Enter your address.
form-error-requester-occupation-required = Enter your occupation.
form-error-requester-email-invalid-email = Enter an email address in the correct format, like name@example.com.
form-error-information-required = Describe the information you need.
form-error-purpose-required = State what you will use the information for.
form-error-obtain-method-required = Choose how to obtain the information.
form-error-delivery-method-required = Choose how a copy should reach you.

## Receipt and tracking
receipt-title = Request receipt
receipt-heading = Your request has been registered
receipt-number = Registration number
receipt-keep = Keep this number and the tracking link below. The link is the only key to your request's page; do not share it.
receipt-tracking-link = Link to follow your request
receipt-tracking-hint = Save or print this page. Anyone who has this link can see your request.
receipt-details = Request details
receipt-body = Public body
receipt-received = Received
receipt-requester = Requester
receipt-deadlines = Deadlines
receipt-next = What happens next
receipt-next-text = The public body must send you a written notice by the deadline above. If there is no answer once it has passed, you may object to the PPID's superior.
receipt-print = Print this page from your browser's print menu to keep a receipt.
deadline-c1 = Written notice due by
deadline-c2 = Deadline after the extension
deadline-c2-possible = Latest date if extended
tracking-title = Follow your request
tracking-heading = Request
tracking-status = Status:
tracking-overdue = The public body has not sent a written notice and its deadline has passed. You may file an objection.
tracking-timeline = History
tracking-receipt-link = See the receipt
status-registered = Registered
status-extended = Extended
status-notice-given = Answered
status-information-provided = Information provided
status-closed = Closed
status-withdrawn = Withdrawn
status-closed-without-decision = Closed without a decision
event-registered = The request was received and registered.
event-extended = The deadline was extended.
event-notice-given = A written notice was given: { $decision }.
event-notice-received = The written notice reached the requester.
event-information-provided = The information was provided.
event-closed = The request was closed.
event-withdrawn = The requester withdrew the request.
event-closed-without-decision = The request was closed without a decision.
event-deadline-moved = The deadline moved to { $date } because the holiday calendar changed.
decision-granted = information granted
decision-granted-in-part = information granted in part
decision-refused-exempt = refused as exempt information
decision-not-held = information not held
decision-not-yet-documented = information not yet documented

## Public register
register-title = Register of information requests
register-intro = Every request this public body received, with its status and deadlines. Requesters' identities are never shown; a request's text is shown only where the requester agreed.
register-total = { $count } requests
register-filter-year = Year
register-filter-status = Status
register-filter-all = All
register-filter-apply = Apply
register-bad-filter = That filter is not valid; showing all requests.
register-received = Received
register-status = Status
register-decision = Decision
register-notice = Written notice
register-due = Deadline
register-text = Request
register-text-hidden = The request text is not shown.
register-overdue = Past its deadline
register-art17 = Article 17 letter { $letter }
register-previous = Previous
register-next = Next
register-feed = Atom feed
register-empty = No requests yet.
body-register-link = See this public body's register of requests

## Objections and withdrawal (citizen)
ground-a = (a) The request was refused as exempt (Article 17)
ground-b = (b) Periodic information was not published
ground-c = (c) The request was not answered
ground-d = (d) The answer was not what was requested
ground-e = (e) The request was not fulfilled
ground-f = (f) The fees were unreasonable
ground-g = (g) The information came later than the law allows
objection-title = File an objection
objection-intro = An objection goes to the PPID's superior (atasan PPID), who must answer in writing within 30 working days of receiving it. You can choose only grounds that have arisen and whose deadline has not passed.
objection-grounds = Grounds for the objection
objection-window-open = Deadline to object on this ground: { $date }.
objection-window-closed = The deadline for this ground passed on { $date }.
objection-summary = Summary of the case
objection-summary-hint = Explain briefly why you object.
objection-submit = Send objection
objection-none-open = There is no ground you can object on online at the moment.
objection-closed-heading = Grounds whose deadline has passed
objection-closed-note = A late objection cannot be sent through this site. You can still hand it to the public body in writing; it will be recorded as late and the PPID's superior will rule on it.
objection-error-no-grounds = Choose at least one ground.
objection-error-summary = Write a summary of your case.
objection-error-late = The deadline for a ground you chose has passed. A late objection cannot be sent online.
objection-error-not-arisen = A ground you chose has not arisen.
objection-status-registered = Waiting for the PPID's superior
objection-status-decided = Decided by the PPID's superior
objection-status-withdrawn = Withdrawn
withdraw-title = Withdraw the request
withdraw-intro = If you withdraw the request, the public body no longer has to answer it. A withdrawal cannot be undone.
withdraw-reason = Reason (optional)
withdraw-submit = Withdraw the request
withdraw-error-closed = This request is already closed and cannot be withdrawn.
back-to-request = Back to the request
tracking-objections = Your objections
tracking-objection-due = The PPID's superior must decide by
tracking-dispute-due = Deadline to bring a dispute to the Information Commission
tracking-actions = What you can do
tracking-object = File an objection
tracking-object-hint = Open grounds: { $grounds }.
tracking-withdraw = Withdraw the request

## Dispute record (citizen)
dispute-title = Record a dispute filed with the Information Commission
dispute-intro = If you have brought an information dispute to the Information Commission, record here the date you filed it and, if you have it, its registration number. This record counts as your statement until an officer confirms it.
dispute-date = Date you filed with the Information Commission
dispute-date-hint = For example 2025-07-21.
dispute-ki-number = The Commission's registration number (optional)
dispute-ki-number-hint = Fill in if the Commission has given one.
dispute-submit = Save the dispute record
dispute-error-date = Enter the filing date as YYYY-MM-DD.
dispute-error-future = The filing date cannot be in the future.
dispute-error-too-early = A dispute can be filed only after you received the superior's decision, or after the superior's deadline passed.
tracking-dispute = Dispute
tracking-dispute-claimed = Filed with the Information Commission on { $date } (the requester's statement, awaiting an officer's confirmation)
tracking-dispute-confirmed = Filed with the Information Commission on { $date } (confirmed by an officer)
tracking-record-dispute = Record a dispute filed with the Information Commission
