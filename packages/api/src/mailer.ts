import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

// Email to people (invitations). In AWS through SES when the stack is given a verified sender
// (`-c sesFromAddress=...`); on the laptop into an outbox that a page shows; otherwise none, and
// the pages give the inviter the link to pass on.

export type EmailMessage = { to: string; subject: string; text: string };

export type Mailer = {
  /** Where messages go, for the inviter's page: "emailed" or "in the local outbox". */
  describe: string;
  send: (message: EmailMessage) => Promise<void>;
};

/** SES v2 from a verified sender; the function's role may send from that identity only. */
export function sesMailer(fromAddress: string, client = new SESv2Client({})): Mailer {
  return {
    describe: 'emailed',
    send: async (message) => {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: `Compact Tracker <${fromAddress}>`,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    },
  };
}

/** In Lambda: SES (in SES_REGION if set, else the function's) when SES_FROM_ADDRESS is set, else no mailer. */
export function mailerFromEnvironment(env: NodeJS.ProcessEnv = process.env): Mailer | undefined {
  if (!env.SES_FROM_ADDRESS) return undefined;
  return sesMailer(env.SES_FROM_ADDRESS, new SESv2Client(env.SES_REGION ? { region: env.SES_REGION } : {}));
}

export type OutboxMessage = EmailMessage & { id: number; sentAt: string };

/** The laptop's outbox: messages kept in memory, newest first, shown at /outbox. */
export function outboxMailer(): Mailer & { messages: OutboxMessage[] } {
  const messages: OutboxMessage[] = [];
  return {
    describe: 'in the local outbox (/outbox)',
    messages,
    send: async (message) => {
      messages.unshift({ ...message, id: messages.length + 1, sentAt: new Date().toISOString() });
    },
  };
}
