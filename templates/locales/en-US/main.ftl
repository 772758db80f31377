## Layout
site-tagline = Public information request service (Law 14/2008)
skip-to-content = Skip to content
footer-text = Terbuka — public information service software for public bodies and Information Commissions.
language-switch = Change language

## Home
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
