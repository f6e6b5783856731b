/** Shapes of the Confab REST API (SPEC §2). Times are RFC 3339 UTC strings. */

export interface User {
  id: string
  username: string
  display_name: string | null
  email: string | null
  bio: string | null
  status_text: string | null
  avatar_url: string | null
  created_at: string
}

export interface TokenPair {
  access_token: string
  refresh_token: string
}

export interface AuthResponse extends TokenPair {
  user: User
}

export interface SignupRequest {
  username: string
  password: string
  email?: string
  display_name?: string
}

export interface LoginRequest {
  username: string
  password: string
}

export interface ProfileUpdate {
  display_name?: string
  bio?: string
  status_text?: string
}

export interface PasswordChange {
  current_password: string
  new_password: string
}

/** The error envelope every non-2xx response carries. */
export interface ErrorEnvelope {
  error: {
    code: string
    message: string
    /** Not in the SPEC yet: the form field a validation error is about. */
    field?: string
  }
}
