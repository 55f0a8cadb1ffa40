import {
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { CardScore } from './card-data';

const points = (n: number) => `${Math.abs(n)} ${Math.abs(n) === 1 ? 'point' : 'points'}`;

/** Score, band, trend and the reasons behind the number (the scoring model's own explanation). */
export function ScoreSection({ score }: { score: CardScore | null }) {
  if (!score) {
    return <Text>No scoring model is published for this account yet, so there is no score.</Text>;
  }
  const { trend } = score;
  return (
    <Flex direction="column" gap="sm">
      <Statistics>
        <StatisticsItem label={`Score (model v${score.modelVersion})`} number={score.value}>
          {trend.direction === 'flat' ? (
            <Text variant="microcopy">{`No change in ${trend.days} days`}</Text>
          ) : (
            <StatisticsTrend
              direction={trend.direction === 'up' ? 'increase' : 'decrease'}
              value={`${points(trend.delta)} in ${trend.days} days`}
            />
          )}
        </StatisticsItem>
      </Statistics>
      <Flex direction="row" gap="xs" align="center">
        <Tag testId="band" variant={score.band ? 'success' : 'default'}>
          {score.band ? score.band.label : 'Below every threshold'}
        </Tag>
        {score.next ? (
          <Text variant="microcopy">{`${points(score.next.score - score.value)} to ${score.next.label}`}</Text>
        ) : null}
      </Flex>
      <Heading>Why this score</Heading>
      {score.reasons.map((reason) => (
        <Text key={reason}>{reason}</Text>
      ))}
    </Flex>
  );
}
