// An AWS Budgets alarm: email (through the alarm topic) when the month's actual cost passes 80 % of
// the budget, or the forecast passes 100 %. The amount comes from `-c monthlyBudget=USD`. Budgets
// are account-wide: deploy each stage to its own account for a per-stage figure.

import { Stack } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export type CostBudgetProps = {
  stage: string;
  /** USD a month. */
  amount: number;
  topic: ITopic;
  topicKey: IKey;
};

export class CostBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } };
    // Budgets publishes to the encrypted topic: it needs the topic and its key.
    props.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'BudgetsPublishToTheTopic',
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        conditions: fromThisAccount,
      }),
    );
    props.topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'BudgetsPublishToTheTopic',
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    const subscribers = [{ subscriptionType: 'SNS', address: props.topic.topicArn }];
    this.budget = new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: `compact-tracker-${props.stage}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.amount, unit: 'USD' },
      },
      notificationsWithSubscribers: [
        {
          notification: {
            notificationType: 'ACTUAL',
            comparisonOperator: 'GREATER_THAN',
            threshold: 80,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
        {
          notification: {
            notificationType: 'FORECASTED',
            comparisonOperator: 'GREATER_THAN',
            threshold: 100,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
      ],
    });
  }
}
