// Generic code bounded only `T: IssuerSpec` that mints with a payload: the
// error names the bound to write instead, `T: RtcSpec`. (A ZIM app's
// issuer gets the same error: fail_zim_payload.rs.)
use zego_token::{IssuerSpec, Privilege, TypedIssuer};

fn room_token<T: IssuerSpec>(issuer: &TypedIssuer<T>) -> zego_token::Result<()> {
    issuer.token("user1").with_privilege(&Privilege::new("room1")).issue()?;
    Ok(())
}

fn main() {}
