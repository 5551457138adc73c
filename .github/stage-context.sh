# Sourced by the delivery workflow's cdk steps: the stage's context values from the GitHub
# environment's variables, each one that is set as `-c key=value` in the STAGE_CONTEXT array, so a
# deploy from the pipeline keeps what the README's deploy by hand set (the first admin, SES, the
# custom domain, the backup copy). Values may hold spaces ("Your Name"): use "${STAGE_CONTEXT[@]}".
STAGE_CONTEXT=()
stage_context_add() {
  if [ -n "${2:-}" ]; then STAGE_CONTEXT+=(-c "$1=$2"); fi
}
stage_context_add alarmEmail "${ALARM_EMAIL:-}"
stage_context_add monthlyBudget "${MONTHLY_BUDGET:-}"
stage_context_add adminEmail "${ADMIN_EMAIL:-}"
stage_context_add adminName "${ADMIN_NAME:-}"
stage_context_add sesFromAddress "${SES_FROM_ADDRESS:-}"
stage_context_add sesRegion "${SES_REGION:-}"
stage_context_add domainName "${DOMAIN_NAME:-}"
stage_context_add certificateArn "${CERTIFICATE_ARN:-}"
stage_context_add backupCopyVaultArn "${BACKUP_COPY_VAULT_ARN:-}"
stage_context_add region "${STAGE_REGION:-}"
