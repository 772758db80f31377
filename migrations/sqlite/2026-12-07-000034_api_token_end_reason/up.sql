-- Why a token stopped working: 'owner' (revoked on /akun), 'administrator' (on /admin/pengguna), 'password_reset'
-- (an administrator's reset or a forgot-password link used), 'password_change'. NULL for tokens revoked before.
ALTER TABLE api_tokens ADD COLUMN revoked_because TEXT;
