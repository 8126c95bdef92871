// The admin reads and shows every date and time in the meetings' time zone, and each such
// field says so (cwgcop/meeting_time.py). Django's calendar widgets would add under each
// one "You are 1 hour behind server time", comparing the person's clock with the server's:
// noise beside a deadline stated in Geneva time. Without the server's offset on the page,
// they add nothing. Deferred, this runs before the widgets are drawn on "load".
"use strict";
delete document.body.dataset.adminUtcOffset;
