"""The participant's week: one schedule built from every source of entries (the plan's
recurring activities now, booked occasions later), shown on the home and week pages, carried
to the phone's calendar as iCalendar, and kept readable offline by a service worker."""
