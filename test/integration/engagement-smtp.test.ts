import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboundSmtp, startInboundSmtp } from '../../src/mail/inbound-smtp';
import { receiveSmtpMessage } from '../../src/services/engagement/inbound-receive';
import { useTestContext } from '../helpers/context';
import { enrolledSetup, enrollmentRow, inboundRows, sendFirst } from '../helpers/engagement';

const ctx = useTestContext({ env: { INBOUND_REPLY_DOMAIN: 'reply.tandem.test' } });

let listener: InboundSmtp;
let transport: ReturnType<typeof nodemailer.createTransport>;

beforeAll(async () => {
  listener = await startInboundSmtp({
    port: 0,
    onMessage: (raw, envelope) => receiveSmtpMessage(ctx.deps, raw, envelope),
  });
  transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false });
});

afterAll(async () => {
  transport?.close();
  await listener?.stop();
});

describe('inbound SMTP listener', () => {
  it('mail carries a signed Reply-To; a reply to it over SMTP ends the enrollment', async () => {
    const s = await enrolledSetup(ctx);
    await sendFirst(ctx, s.enrollmentId);
    const replyTo = ctx.sink.messages[0]?.headers['reply-to'] ?? '';
    const address = /reply\+snd_[a-f0-9]{32}\.[a-f0-9]{16}@reply\.tandem\.test/.exec(replyTo)?.[0];
    expect(address).toBeDefined();
    // A client that kept no threading headers, from another address of the person.
    const info = await transport.sendMail({
      from: 'ann.home@example.org',
      to: address!,
      subject: 'Re: Intro',
      text: 'Yes, let us talk next week.',
    });
    expect(info.response).toMatch(/^250 .*processed inb_/);
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('replied');
    const [row] = await inboundRows(ctx, s.installationId);
    expect(row).toMatchObject({ matchedBy: 'reply_token', action: 'exited_replied', kind: 'human_reply' });
  });

  it("keeps unmatched mail sent to the installation's inbound address", async () => {
    const s = await enrolledSetup(ctx);
    const token = await s.api.post('/v1/inbound/token');
    const smtpAddress = token.body.smtpAddress as string;
    expect(smtpAddress).toMatch(/^in\+ins_[a-f0-9]{32}\.[a-f0-9]{16}@reply\.tandem\.test$/);
    await transport.sendMail({ from: 'stranger@example.net', to: smtpAddress, subject: 'Hi', text: 'Who?' });
    const list = await s.api.get('/v1/inbound?status=unmatched');
    expect(list.body.data.map((m: { from: string }) => m.from)).toEqual(['stranger@example.net']);
  });

  it('refuses (550) mail it cannot tie to an installation, so the sender keeps it', async () => {
    const s = await enrolledSetup(ctx);
    const send = transport.sendMail({
      from: 'stranger@example.net',
      to: 'reply+snd_00000000000000000000000000000000.0000000000000000@reply.tandem.test',
      subject: 'Hi',
      text: 'Forged reply token',
    });
    await expect(send).rejects.toMatchObject({ responseCode: 550 });
    expect(await inboundRows(ctx, s.installationId)).toEqual([]);
  });
});
