//! The words of every mail Confab sends. Links come from `urls::PublicLinks`.

use super::Mail;

pub fn verify_email(username: &str, link: &str, valid_minutes: u64) -> Mail {
    Mail {
        subject: "Confirm your email for Confab".into(),
        text: format!(
            "Hello {username},\n\n\
             Open this link to confirm that this address is yours:\n\n\
             {link}\n\n\
             The link works once, for {valid_minutes} minutes. If you did not ask for it, ignore this mail.\n"
        ),
    }
}

pub fn email_changed(username: &str, new_email: &str) -> Mail {
    Mail {
        subject: "Your Confab email is changing".into(),
        text: format!(
            "Hello {username},\n\n\
             The email of your Confab account was changed to {new_email}. Mail will go \
             there once it is confirmed.\n\n\
             If this was not you, log in and change your password now, then set your \
             email back.\n"
        ),
    }
}

pub fn reset_password(username: &str, link: &str, valid_minutes: u64) -> Mail {
    Mail {
        subject: "Reset your Confab password".into(),
        text: format!(
            "Hello {username},\n\n\
             Someone (we hope you) asked to reset the password of your Confab account. \
             Open this link to choose a new one:\n\n\
             {link}\n\n\
             The link works once, for {valid_minutes} minutes. Using it logs out every \
             device. If you did not ask for it, ignore this mail: your password stays \
             as it is.\n"
        ),
    }
}

pub fn password_was_reset(username: &str, how: &str, address: &str) -> Mail {
    Mail {
        subject: "Your Confab password was reset".into(),
        text: format!(
            "Hello {username},\n\n\
             The password of your Confab account was just reset ({how}, from {address}) \
             and every device was logged out.\n\n\
             If this was not you, reset it again at once and check the account's \
             security page.\n"
        ),
    }
}

pub fn new_login(username: &str, device: &str, address: &str) -> Mail {
    Mail {
        subject: "New login to your Confab account".into(),
        text: format!(
            "Hello {username},\n\n\
             Your account was just logged in to from a device it had not seen: {device}, \
             from {address}.\n\n\
             If this was you, there is nothing to do. If not, change your password and \
             end that session on the security page.\n"
        ),
    }
}

pub fn deletion_code(username: &str, code: &str, valid_minutes: u64) -> Mail {
    Mail {
        subject: "Confirm deleting your Confab account".into(),
        text: format!(
            "Hello {username},\n\n\
             To delete your Confab account, enter this code where you asked to:\n\n\
             {code}\n\n\
             It works once, for {valid_minutes} minutes. Deleting cannot be undone. If you \
             did not ask for it, ignore this mail and consider changing how you log in.\n"
        ),
    }
}
