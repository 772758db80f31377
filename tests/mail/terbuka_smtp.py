"""The SMTP server for Terbuka's mail tests: aiosmtpd storing every message in a maildir, refusing with a permanent
550 any recipient whose address starts with "tolak" (to test dead mail), and hanging before it answers for any
recipient whose address starts with "lambat" (TERBUKA_SMTP_HANG seconds, 3 by default; to test a hung server)."""

import asyncio
import os

from aiosmtpd.handlers import Mailbox


class Maildir(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("tolak"):
            return "550 5.1.1 no such mailbox"
        if address.lower().startswith("lambat"):
            await asyncio.sleep(float(os.environ.get("TERBUKA_SMTP_HANG", "3")))
        envelope.rcpt_tos.append(address)
        return "250 OK"
