// A secret where a path or a name belongs is refused, and no message
// repeats it (rustc still shows the source line the span points at).
use zego_token::ZegoTokenIssuer;

// In the config file, as secret_file and (upper case) as secret_env.
#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/secret_misplaced.toml")]
struct InConfig;

// As the config file's path.
#[derive(ZegoTokenIssuer)]
#[zego(config = "FA94DD0F974CF2E293728A526B028271")]
struct AsConfigPath;

// As the variable's name, upper case.
#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "FA94DD0F974CF2E293728A526B028271")]
struct AsEnvName;

fn main() {}
