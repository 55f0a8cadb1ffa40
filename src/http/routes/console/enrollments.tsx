/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import {
  type ActionError,
  changeEnrollment,
  type EnrollmentAction,
  enrollByEmail,
  isStatus,
  listConsoleEnrollments,
  listEnrollableSequences,
  loadEnrollmentStory,
} from '../../../services/console/enrollments';
import type { EnrollError } from '../../../services/sequences/enroll';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import { EnrollmentsPage } from '../../views/enrollments';
import { EnrollmentStoryPage } from '../../views/enrollments-story';
import type { Flash } from '../../views/layout';
import { readFlash, withFlash } from './flash';

function enrollErrorText(e: EnrollError): string {
  switch (e.code) {
    case 'contact_not_found':
      return 'No contact with that email in this installation.';
    case 'contact_deleted':
      return 'That contact was deleted in the CRM.';
    case 'sequence_not_found':
      return 'Sequence not found.';
    case 'sequence_archived':
      return 'That sequence is archived: it takes no new enrollments.';
    case 'sequence_not_published':
      return 'That sequence has no published version: publish it first.';
    case 'suppressed':
      return `The contact is suppressed (${e.reason}) and cannot be enrolled.`;
  }
}

function actionErrorText(e: ActionError): string {
  return e.code === 'not_found'
    ? 'Enrollment not found'
    : `Not possible while the enrollment is ${e.status}.`;
}

const DONE: Record<EnrollmentAction, string> = {
  pause: 'Paused.',
  resume: 'Resumed.',
  remove: 'Removed from the sequence.',
};

export function registerEnrollmentPages(app: App): void {
  app.get('/app/enrollments', async (c) => {
    const session = consoleSession(c);
    const q = c.req.query('q') ?? '';
    const status = isStatus(c.req.query('status')) ? (c.req.query('status') ?? '') : '';
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const { db } = c.var.deps;
    const [list, seqs] = await Promise.all([
      listConsoleEnrollments(db, { installationId: c.var.installationId, q, status, offset }),
      listEnrollableSequences(db, c.var.installationId),
    ]);
    return c.html(
      <EnrollmentsPage
        session={session}
        flash={await readFlash(c)}
        q={q}
        status={status}
        offset={offset}
        rows={list.rows}
        more={list.more}
        sequences={seqs}
      />,
    );
  });

  app.post('/app/enrollments', async (c) => {
    const session = consoleSession(c);
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email : '';
    const sequenceId = typeof form.sequenceId === 'string' ? form.sequenceId : '';
    const result = await enrollByEmail(c.var.deps, {
      installationId: c.var.installationId,
      email,
      sequenceId,
      actor: `console:${session.label}`,
    });
    if (!result.ok) {
      const { db } = c.var.deps;
      const [list, seqs] = await Promise.all([
        listConsoleEnrollments(db, { installationId: c.var.installationId, offset: 0 }),
        listEnrollableSequences(db, c.var.installationId),
      ]);
      return c.html(
        <EnrollmentsPage
          session={session}
          flash={{ kind: 'error', text: enrollErrorText(result.error) }}
          q=""
          status=""
          offset={0}
          rows={list.rows}
          more={list.more}
          sequences={seqs}
          form={{ email, sequenceId }}
        />,
        422,
      );
    }
    const { enrollment, alreadyEnrolled } = result.value;
    const text = alreadyEnrolled ? 'Already enrolled: this is the live enrollment.' : 'Enrolled.';
    return c.redirect(await withFlash(c, `/app/enrollments/${enrollment.id}`, { kind: 'ok', text }), 303);
  });

  app.get('/app/enrollments/:id', async (c) => {
    const session = consoleSession(c);
    const story = await loadEnrollmentStory(c.var.deps.db, {
      installationId: c.var.installationId,
      id: c.req.param('id'),
    });
    if (!story) throw new AppError('not_found', 'Enrollment not found');
    return c.html(<EnrollmentStoryPage session={session} flash={await readFlash(c)} story={story} />);
  });

  const act = (action: EnrollmentAction) => async (c: Context) => {
    const session = consoleSession(c);
    const id = c.req.param('id') ?? '';
    const result = await changeEnrollment(c.var.deps, {
      installationId: c.var.installationId,
      id,
      action,
      actor: `console:${session.label}`,
    });
    if (!result.ok && result.error.code === 'not_found')
      throw new AppError('not_found', 'Enrollment not found');
    const flash: Flash = result.ok
      ? { kind: 'ok', text: DONE[action] }
      : { kind: 'error', text: actionErrorText(result.error) };
    return c.redirect(await withFlash(c, `/app/enrollments/${id}`, flash), 303);
  };
  // Reps may pause and resume; removing someone from a sequence is for admins.
  app.post('/app/enrollments/:id/pause', act('pause'));
  app.post('/app/enrollments/:id/resume', act('resume'));
  app.post('/app/enrollments/:id/remove', requireConsoleAdmin, act('remove'));
}
