"""Parts of the sign-in: the sign-in page, the password change, the signed-in user's sidebar."""
