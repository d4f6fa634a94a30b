/** The SendGrid adapter through SendGrid's real client, against the local stand-in of the Mail Send API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendGridMailer } from '../shared/src/mail/sendgrid';
import { verificationEmail } from '../shared/src/mail/templates';
import { startSendGridStandin } from './standins/sendgrid-standin';

let standin: Awaited<ReturnType<typeof startSendGridStandin>>;
beforeAll(async () => {
  standin = await startSendGridStandin('SG.test-key');
});
afterAll(() => standin.close());

describe('SendGridMailer', () => {
  it('sends the Vietnamese email with text and HTML parts', async () => {
    const mailer = new SendGridMailer('SG.test-key', { email: 'no-reply@medicare.vn', name: 'Medicare' }, standin.url);
    await mailer.send(verificationEmail('an@example.vn', 'Nguyễn Văn An', '123456', 15));
    const m = standin.messages.at(-1)!;
    expect(m.to).toEqual(['an@example.vn']);
    expect(m.from).toEqual({ email: 'no-reply@medicare.vn', name: 'Medicare' });
    expect(m.subject).toBe('Mã xác minh Medicare: 123456');
    expect(m.content.map((c) => c.type)).toEqual(['text/plain', 'text/html']);
    expect(m.content[1]!.value).toContain('Nguyễn Văn An');
  });

  it('reports a rejected key without leaking the message', async () => {
    const mailer = new SendGridMailer('SG.wrong', { email: 'no-reply@medicare.vn', name: 'Medicare' }, standin.url);
    const err = await mailer.send(verificationEmail('an@example.vn', 'An', '654321', 15)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('SendGrid send failed (HTTP 401)');
  });
});
