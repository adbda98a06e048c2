// The callback secret's keys: its source is a variable named in the
// attribute (or a file named in a config file), or a literal for tests and
// demos; never both, and never a secret where a name belongs.
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, callback_secret = "secret", callback_secret_env = "ZEGO_CALLBACK_SECRET")]
struct BothSources;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, callback_secret_env = "fa94dd0f974cf2e293728a526b028271")]
struct SecretPastedAsName;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, callback_secret_env = "ZEGO CALLBACK")]
struct NotAName;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, callback_secret = "", callback_secret_file = "/run/secrets/cb")]
struct EmptyAndAFile;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, callback_secret = 42, callback_secrett = "x")]
struct NotAStringAndATypo;

// In a config file: both sources in one table, and a secret as a path.
#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/callback_secret.toml")]
struct InConfig;

fn main() {}
