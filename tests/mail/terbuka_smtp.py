"""The SMTP server for Terbuka's mail tests: aiosmtpd storing every message in a maildir, and refusing with a
permanent 550 any recipient whose address starts with "tolak" (to test dead mail)."""

from aiosmtpd.handlers import Mailbox


class Maildir(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("tolak"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"
