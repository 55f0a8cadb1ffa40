// The end-to-end scenarios' outreach, the same for every CRM: two mails two days apart, and a model
// whose MQL threshold (one click) creates a task for the owner and moves the lifecycle stage.
import { expect } from 'vitest';
import type { TestContext } from './context';
import type { Api } from './fixtures';
import { publishedModel } from './scoring';

export const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Publishes the sequence and the scoring model; returns the sequence id. */
export async function publishOutreach(api: Api): Promise<string> {
  const template = (name: string) =>
    api.post('/v1/templates', {
      name,
      subject: `${name} for {{contact.firstName | "you"}}`,
      html: `<p>Hello. <a href="https://www.example.com/pricing">See pricing</a></p>`,
    });
  const one = await template('Intro');
  const two = await template('Follow-up');
  const seq = await api.post('/v1/sequences', {
    name: 'Outbound',
    draft: {
      steps: [
        { key: 'intro', kind: 'email', templateId: one.body.id },
        { key: 'follow', kind: 'email', templateId: two.body.id, delay: { amount: 2, unit: 'days' } },
      ],
    },
  });
  expect((await api.post(`/v1/sequences/${seq.body.id}/publish`)).status).toBe(201);
  await publishedModel(api, {
    name: 'Intent',
    halfLifeDays: null,
    rules: [{ id: 'click', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: 60 }],
    thresholds: [
      {
        id: 'mql',
        label: 'MQL',
        score: 50,
        hysteresis: 10,
        direction: 'up',
        actions: [
          { type: 'crm_task', subject: 'Call this lead', dueInDays: 1 },
          { type: 'set_lifecycle', stage: 'marketingqualifiedlead' },
        ],
      },
    ],
  });
  return seq.body.id as string;
}

/**
 * The admin clicks Install, as a browser would: our install route, the CRM's consent redirect
 * (the fake consents at once), our callback with the state cookie. Returns the callback's JSON.
 */
export async function browserInstall<T>(ctx: TestContext, installPath: string): Promise<T> {
  const start = await ctx.app.request(installPath);
  expect(start.status).toBe(302);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const done = await ctx.app.request(back.pathname + back.search, {
    headers: { cookie, accept: 'application/json' },
  });
  expect(done.status).toBe(200);
  return (await done.json()) as T;
}
