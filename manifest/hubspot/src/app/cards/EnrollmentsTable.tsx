import {
  Button,
  Flex,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { CardAction, CardEnrollment } from './card-data';

const LABEL: Record<CardAction, string> = { pause: 'Pause', resume: 'Resume', unenroll: 'Unenroll' };

type Props = {
  enrollments: CardEnrollment[];
  /** The enrollment whose action is in flight: its buttons are disabled until the answer. */
  busy: string | null;
  onAction: (action: CardAction, enrollmentId: string) => void;
};

function nextStep(e: CardEnrollment): string {
  if (e.status === 'paused') return 'Paused';
  if (!e.nextStepAt) return 'Nothing scheduled';
  return e.local && e.timeZone ? `${e.local} (${e.timeZone})` : e.nextStepAt;
}

/** Each live enrollment: where it is, when the next step goes out and why then, and what a rep can do. */
export function EnrollmentsTable({ enrollments, busy, onAction }: Props) {
  if (enrollments.length === 0) return <Text>Not in any Tandem sequence right now.</Text>;
  return (
    <Table bordered>
      <TableHead>
        <TableRow>
          <TableHeader>Sequence</TableHeader>
          <TableHeader>Next step</TableHeader>
          <TableHeader>Why then</TableHeader>
          <TableHeader>Actions</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {enrollments.map((e) => (
          <TableRow key={e.id}>
            <TableCell>
              <Text format={{ fontWeight: 'demibold' }}>{e.sequenceName}</Text>
              <Text variant="microcopy">
                {e.stepNumber ? `Step ${e.stepNumber} of ${e.stepCount}` : `${e.stepCount} steps`}
              </Text>
              <Tag variant={e.status === 'paused' ? 'warning' : 'info'}>{e.status}</Tag>
            </TableCell>
            <TableCell>
              <Text testId={`next-${e.id}`}>{nextStep(e)}</Text>
            </TableCell>
            <TableCell>
              {e.why.map((line) => (
                <Text key={line} variant="microcopy">
                  {line}
                </Text>
              ))}
            </TableCell>
            <TableCell>
              <Flex direction="row" gap="xs">
                {e.actions.map((action) => (
                  <Button
                    key={action}
                    testId={`${action}-${e.id}`}
                    size="sm"
                    variant={action === 'unenroll' ? 'destructive' : 'secondary'}
                    disabled={busy !== null}
                    onClick={() => onAction(action, e.id)}
                  >
                    {LABEL[action]}
                  </Button>
                ))}
              </Flex>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
