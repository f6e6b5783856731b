//! Accounts people can trust (#17): proven email, password reset by mail,
//! recovery codes and the operator's link, sessions, the security log. Mail
//! goes over real SMTP to a catcher on loopback; the stories read the links
//! out of the received mails and follow them.

mod authenticator;
mod deletion;
mod email;
mod export;
mod passkeys;
mod recovery_codes;
mod reset;
mod sessions;
mod two_factor;
