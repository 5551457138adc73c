/** People to sign in as on the laptop; the login page lists them. */
export type DemoUser = { email: string; name: string; admin: boolean; description: string };
