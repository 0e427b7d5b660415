"""The English catalog: every sentence decode-bot shows a person, by key. The reference for every other language."""

EN: dict[str, str] = {
    # Verdicts
    "decision.explicit_deny": "Explicit deny",
    "decision.implicit_deny": "Implicit deny (no policy allows it)",
    "decision.allowed": "Allowed",
    "decision.denied": "Denied (the message does not say why)",
    "summary.explicit_deny": "{principal} was denied {action} on {resource} by an explicit Deny in {where}.",
    "summary.implicit_deny": "{principal} is not allowed {action} on {resource}: no policy allows it.",
    "summary.allowed": "{principal} was allowed {action} on {resource} when this message was issued.",
    "summary.denied": "{principal} was denied {action} on {resource}; the message does not say why.",
    "summary_short.explicit_deny": "{action} on {resource} was denied by an explicit Deny in {where}.",
    "summary_short.implicit_deny": "{action} on {resource} is not allowed: no policy allows it.",
    "summary_short.allowed": "{action} on {resource} was allowed when this message was issued.",
    "summary_short.denied": "{action} on {resource} was denied; the message does not say why.",
    "summary_step.explicit_deny": (
        "Adding permissions will not help: the Deny must change. Press *Show details* for the statement and "
        "where to look."
    ),
    "summary_step.implicit_deny": "An Allow is missing. Press *Show details* for the statement to add.",
    "summary_step.allowed": "Press *Show details* for what to check next.",
    "summary_step.denied": "Press *Show details* for what to check, most likely first.",
    # The answer's first screen: headline, one sentence of cause, what to do
    "headline.explicit_deny": "Explicit deny — adding permissions will not help",
    "headline.implicit_deny": "Missing permission (implicit deny)",
    "headline.allowed": "Allowed",
    "headline.denied": "Access denied (the message does not say why)",
    "cause.denied": (
        "{who} was denied {action} on {resource}; the message does not say whether a Deny or a missing Allow did it."
    ),
    "cause.assume_user": (
        "The call asked to assume {resource}, which is an IAM user, not a role: the role ARN given (role_arn, "
        "--role-arn, role-to-assume) is wrong, and no permission would make it work."
    ),
    "step.assume_user": (
        "Give the ARN of the role to assume (arn:aws:iam::ACCOUNT:role/NAME) where the tool takes it; to act as "
        "the user {resource}, use that user's own credentials instead."
    ),
    "cause.unsigned": (
        "{action} on {resource} came from an anonymous user: the request was not signed, so it carried no AWS "
        "identity for any policy to allow."
    ),
    "step.unsigned": (
        "Sign the request with AWS credentials (Signature Version 4: an AWS SDK, the client's AWS authentication "
        "option, or awscurl) as a principal the resource's policy names. Never open the resource's policy to "
        "everyone (\"Principal\": \"*\") to let unsigned requests through."
    ),
    "cause.denied.security_logging": (
        "{who} was denied {action}, which turns off or erases security logging. Organizations block such calls on "
        "purpose, most often with a service control policy: this is very likely a guardrail, not a missing permission."
    ),
    "cause.denied.kms": (
        "KMS refused {action} to {who}: the key does not exist in this Region, no key policy (or grant) allows it, or "
        "a key policy denies it."
    ),
    "step.denied.unknown": (
        "The message does not say which policy denied it. Most often an Allow is missing from the principal's "
        "own policies ({it}); otherwise look for a Deny, or a permissions boundary, session policy "
        "or service control policy that does not allow it."
    ),
    "step.denied.security_logging": (
        "Do not ask for an Allow: ask your security team whether {action} is meant to be possible for {who}, and "
        "send them this thread. CloudTrail's record of the call shows the request; if this is a guardrail, "
        "the organization's service control policies hold the Deny."
    ),
    "step.denied.kms": (
        "Check, in this order: that the key exists in the Region of the request (a key ID is per Region; a "
        "multi-Region key needs its replica), that the key policy allows {action} for this principal (and that "
        "the principal's own policies allow it when the key policy delegates to IAM), and that no key policy "
        "statement denies it."
    ),
    "cause.explicit": "An explicit Deny in {where} blocks {action} on {resource}.",
    "cause.region.listed": "A Region deny-list in {where} blocks {action} in {request} (denied Regions: {values}).",
    "cause.region.not_listed": "A Region guardrail in {where} blocks {action} in {request}. Allowed Regions: {values}.",
    "cause.instance_type.listed": (
        "A Deny in {where} blocks the instance types {values}; this request asked for "
        "{request}."
    ),
    "cause.instance_type.not_listed": (
        "An instance-type guardrail in {where} allows only {values}; this request asked for {request}."
    ),
    "cause.request_tag.required": (
        "A Deny in {where} requires a {tag} tag on what {action} creates; the request had "
        "none."
    ),
    "cause.request_tag.listed": "A Deny in {where} blocks the tag {tag} with the value {request}.",
    "cause.request_tag.not_listed": (
        "A Deny in {where} allows only {values} for the tag {tag}; this request set "
        "{request}."
    ),
    "cause.resource_tag.required": (
        "A Deny in {where} blocks {action} on resources without a {tag} tag; this one has "
        "none."
    ),
    "cause.resource_tag.listed": "A Deny in {where} blocks {action} on resources tagged {tag} = {values}.",
    "cause.resource_tag.not_listed": (
        "A Deny in {where} allows {action} only on resources tagged {tag} = {values}; this one has {request}."
    ),
    "cause.tag_keys.listed": "A Deny in {where} blocks the tag keys {values}; this request used {request}.",
    "cause.tag_keys.not_listed": "A Deny in {where} allows only the tag keys {values}; this request used {request}.",
    "cause.principal.not_listed": (
        "A Deny in {where} blocks {action} for every principal except {values}; yours is {request}."
    ),
    "cause.principal.listed": "A Deny in {where} blocks {action} for {request}.",
    "cause.account.not_listed": "A Deny in {where} blocks {action} for every account except {values}.",
    "cause.account.listed": "A Deny in {where} blocks {action} for account {request}.",
    "cause.mfa": "A Deny in {where} blocks {action} without multi-factor authentication (MFA).",
    "cause.quarantine": (
        "AWS's quarantine policy for compromised keys blocks {action} for IAM user {name}: AWS found its access "
        "key exposed."
    ),
    "cause.not_action": "A Deny in {where} blocks every action except {count} ({actions}); {action} is not among them.",
    "cause.not_resource": "A Deny in {where} blocks {action} on every resource except {count} ({resources}).",
    "cause.allowed": "STS reports {action} on {resource} as allowed when this message was issued.",
    "cause.implicit.identity_policy": "{who} has no permission for {action} on {resource}.",
    "cause.implicit.pass_role_to_ec2": (
        "{who} is not allowed to pass role {role} to EC2 ({action}). Launching an instance with an instance "
        "profile (RunInstances) needs this permission."
    ),
    "cause.implicit.permissions_boundary": "The permissions boundary of {who} does not allow {action} on {resource}.",
    "cause.implicit.session_policy": "The session policy of {who} does not allow {action} on {resource}.",
    "cause.implicit.service_control_policy": "No service control policy (SCP) allows {action} for {who}.",
    "cause.implicit.resource_control_policy": "A resource control policy (RCP) does not allow {action} on {resource}.",
    "cause.implicit.resource_policy": "The policy of {resource} does not allow {action} for {who}.",
    "cause.implicit.vpc_endpoint_policy": "The VPC endpoint's policy does not allow {action} on {resource}.",
    "do.region.listed": "Run it in a Region this statement does not deny (not {values}).",
    "do.region.not_listed": (
        "Run it in an allowed Region ({values}): check the Region of your CLI profile, Terraform provider or "
        "pipeline."
    ),
    "do.instance_type.listed": "Choose an instance type other than {values}.",
    "do.instance_type.not_listed": "Choose one of the allowed instance types: {values}.",
    "do.request_tag.required": (
        "Add the tag {tag} to what you create (the tag specifications of the call, or the tags of your Terraform or "
        "CloudFormation resource)."
    ),
    "do.request_tag.listed": "Give the tag {tag} another value than {values}.",
    "do.request_tag.not_listed": "Set the tag {tag} to one of {values}.",
    "do.resource_tag.required": "Ask whoever owns the resource to tag it with {tag}.",
    "do.resource_tag.listed": "Use a resource that is not tagged {tag} = {values}.",
    "do.resource_tag.not_listed": "Use a resource tagged {tag} = {values}.",
    "do.tag_keys.listed": "Remove the tag keys {values} from the request.",
    "do.tag_keys.not_listed": "Use only the tag keys {values}.",
    "do.principal.not_listed": "Run it as one of the exempt principals ({values}), if you are allowed to.",
    "do.principal.listed": "Run it with other credentials than {request}.",
    "do.account.not_listed": "Run it from one of the exempt accounts ({values}).",
    "do.account.listed": "Run it from another account than {request}.",
    "ask.service_control_policy": (
        "You cannot change an SCP from this account. If you need this call, ask your organization's administrators "
        "for an exception and send them this thread{quoted}."
    ),
    "ask.resource_control_policy": (
        "You cannot change an RCP from this account. If you need this call, ask your organization's administrators "
        "for an exception and send them this thread{quoted}."
    ),
    "ask.permissions_boundary": (
        "If it must run as it is, ask whoever manages this principal's permissions boundary (often a platform or "
        "security team), quoting {sid}."
    ),
    "ask.permission_set": (
        "If it must run as it is, ask whoever administers IAM Identity Center to change permission set "
        "{permission_set}, quoting {sid}."
    ),
    "ask.session_policy": (
        "Change the session policy that the tool creating this session passes, quoting {sid}; the role's own "
        "policies are not the cause."
    ),
    "ask.identity_policy": (
        "Remove or narrow the Deny among this principal's own policies, or ask whoever manages them, quoting {sid}."
    ),
    "ask.resource_policy": "Ask the resource's owner to change its policy, quoting {sid}.",
    "ask.vpc_endpoint_policy": "Ask whoever runs the network to change the VPC endpoint's policy, quoting {sid}.",
    "ask.unknown": (
        "The error does not say which policy holds the Deny: the details list where to look, and your AWS "
        "administrators can find it from {sid}."
    ),
    "todo.share": "If you cannot edit IAM, share this with your AWS administrator.",
    "quote.sid": "Sid {sid}",
    "quote.policy": "policy {arn}",
    "quote.none": "this thread",
    "quoted.some": " ({quote})",
    "quoted.none": " (the error names no policy)",
    # Policy kinds, as named by newer error texts
    "kind.service_control_policy": "a service control policy (SCP)",
    "kind.resource_control_policy": "a resource control policy (RCP)",
    "kind.permissions_boundary": "a permissions boundary",
    "kind.session_policy": "a session policy",
    "kind.identity_policy": "an identity-based policy",
    "kind.resource_policy": "a resource-based policy",
    "kind.vpc_endpoint_policy": "a VPC endpoint policy",
    "kind.unknown": "a policy that the error text does not name",
    "kind.statement": "statement {sid}",
    "kind.permission_set": "an IAM Identity Center permission set",
    # Principals
    "principal.iam_user": "IAM user {name}",
    "principal.iam_role": "IAM role {role}",
    "principal.assumed_role": "IAM role {role} (session {session})",
    "principal.root": "the account's root user",
    "principal.federated_user": "federated user {name}",
    "principal.service": "AWS service {name}",
    "principal.unknown": "{name}",
    "principal.sso": "permission set {permission_set} (IAM Identity Center, session {session})",
    # Next steps
    "step.allowed": (
        "STS reports this request as allowed. The failure came from another authorization check of the same "
        "call (look for another encoded message in the output) or the permissions have changed since: retry, "
        "and decode the new message if it fails again."
    ),
    "step.explicit.no_allow": (
        "An explicit Deny overrides every Allow, so adding permissions will not help: the Deny statement must "
        "change, or the request must stop matching it."
    ),
    "step.explicit.kind.service_control_policy": (
        "The Deny is in a service control policy of your AWS Organization that applies to account {account}. "
        "Only the organization's administrators (management account or delegated administrator) can change "
        "it: ask them, quoting {quote}."
    ),
    "step.explicit.kind.resource_control_policy": (
        "The Deny is in a resource control policy of your AWS Organization. Only the organization's "
        "administrators can change it: ask them, quoting {quote}."
    ),
    "step.explicit.kind.permissions_boundary": (
        "The Deny is in the permissions boundary set on this user or role. Whoever manages the principal "
        "(often a platform or security team) owns the boundary: ask them, quoting {quote}."
    ),
    "step.explicit.kind.session_policy": (
        "The Deny is in a session policy passed when the session was created ({issuer}). Change what is passed; the "
        "role's own policies are not the cause."
    ),
    "step.explicit.kind.permission_set": (
        "The Deny is in permission set {permission_set} of IAM Identity Center (its inline policy, a managed "
        "policy or its permissions boundary). IAM refuses changes to the role it creates: whoever administers "
        "Identity Center must change the permission set, quoting {quote}."
    ),


    "step.explicit.kind.identity_policy": (
        "The Deny is in an identity-based policy of the principal (attached directly, through a group, or "
        "inline)."
    ),
    "step.explicit.kind.resource_policy": (
        "The Deny is in the resource's own policy (a bucket, key or queue policy, for example). The "
        "resource's owner must change it."
    ),
    "step.explicit.kind.vpc_endpoint_policy": (
        "The Deny is in the policy of the VPC endpoint the request went through; whoever runs the network "
        "owns it."
    ),
    "step.explicit.where_unknown": "The error text does not say which kind of policy holds the Deny. Check:",
    "step.explicit.statement": "Look for the Deny statement with Sid {sid}.",
    "step.explicit.statement_conditional": (
        "Look for the Deny statement with Sid {sid}. It applies only when its conditions ({conditions}) "
        "match; what they mean for this request:"
    ),

    "step.explicit.statement_no_sid": "Look for a Deny statement without a Sid that covers this action.",
    "step.explicit.statement_no_sid_conditional": (
        "Look for a Deny statement without a Sid that covers this action. It applies only when its conditions "
        "({conditions}) match; what they mean for this request:"
    ),

    "step.explicit.no_statement": (
        "The message names no matching statement: search those policies for a Deny on {action} or on a "
        "wildcard that covers it."
    ),
    "step.policy_arn": "Policy named by the error: {arn}",
    "where.service_control_policy": "service control policies (SCPs) on the account and its organizational units",
    "where.resource_control_policy": "resource control policies (RCPs) of the organization",
    "where.permissions_boundary": "a permissions boundary on {name}",
    "where.identity_policy": "the policies attached to {name} (managed and inline)",
    "where.identity_policy_user": "the policies attached to {name} and to its IAM groups (managed and inline)",
    "where.session_policy": "a session policy passed when the session was created ({issuer})",
    "session_issuer.cognito": (
        "by the Cognito identity pool: its enhanced flow passes a scoped-down policy with the pool's role"
    ),
    "session_issuer.vault": "by HashiCorp Vault, whose federation tokens carry the Vault role's policy_document",
    "session_issuer.service": "by the AWS service that created this session through its service-linked role",
    "session_issuer.unknown": "by a CI tool, or an AssumeRole call with a policy",
    "where.permission_set": (
        "permission set {permission_set} in IAM Identity Center (its inline policy, managed policies and "
        "permissions boundary)"
    ),
    "where.resource_policy": "the resource's own policy (a bucket, key or queue policy, for example)",
    "step.implicit.attach.iam_user": "Add {it} to IAM user {name}, or to one of its groups.",
    "step.implicit.attach.iam_role": "Add {it} to the policies of IAM role {role}.",
    "step.implicit.attach.assumed_role": "Add {it} to the policies of IAM role {role}.",
    "step.implicit.attach.root": (
        "The root user has every permission its account has, so this implicit deny comes from a service "
        "control policy that does not allow the action: ask the organization's administrators."
    ),
    "step.implicit.attach.federated_user": (
        "Federated user {name} gets its permissions from the IAM user that created the session and from the "
        "session policy: both must allow {it}."
    ),
    "step.implicit.attach.service": "Add {it} to the identity that made the request ({name}).",
    "step.implicit.attach.unknown": "Add {it} to the identity that made the request ({name}).",
    "step.implicit.attach.sso": (
        "Add {it} to permission set {permission_set} in IAM Identity Center (as an inline policy "
        "or a customer managed policy). IAM refuses changes to its role {role}; whoever administers Identity "
        "Center can make the change."
    ),
    "step.implicit.allow_elsewhere": (
        "An Allow statement (Sid {sid}) did match this request, so the missing Allow is in another kind of "
        "policy: a permissions boundary, a session policy or a service control policy."
    ),

    "step.implicit.allow_condition_unmet": (
        "The Allow statement with Sid {sid} applies only when {key} is {values}; this request had {request}, "
        "so it did not apply."
    ),
    "step.implicit.missing.permissions_boundary": (
        "The permissions boundary does not allow this action. Add {it} to the boundary as well "
        "as to the principal's own policies; whoever manages the boundary has to make that change."
    ),
    "step.implicit.missing.permission_set_boundary": (
        "The permissions boundary of permission set {permission_set} (IAM Identity Center) does not allow this "
        "action. Whoever administers Identity Center must add {it} to the boundary as well as to "
        "the permission set's policies."
    ),

    "step.implicit.missing.session_policy": (
        "The session policy passed when the session was created ({issuer}) does not allow this action: whatever "
        "creates the session must pass one that includes {it}."
    ),

    "step.implicit.missing.service_control_policy": (
        "A service control policy that lists the allowed actions does not include this one: the "
        "organization's administrators must add it."
    ),
    "step.implicit.missing.resource_control_policy": (
        "A resource control policy of the organization does not allow this request: the organization's "
        "administrators must change it."
    ),
    "step.implicit.missing.resource_policy": (
        "The resource's own policy does not allow this principal: its owner must add {it} there, "
        "with a Principal element naming the caller."
    ),
    "step.implicit.missing.vpc_endpoint_policy": (
        "The VPC endpoint's policy does not allow this action: ask whoever runs the network to add it."
    ),
    "step.implicit.no_fix": "The message does not name the denied action, so no statement can be suggested.",
    "step.implicit.other_layers": (
        "Every kind of policy that applies must allow a request: if the principal's policies already allow it, "
        "look for a permissions boundary, session policy or service control policy that does not."
    ),

    "fix.note.passed_to_service": (
        "iam:PassedToService lets the role be passed only to {service}, the service this request passed it "
        "to; confirm that this is the service you intend."
    ),
    "fix.note.passed_to_service_unknown": (
        "Add an iam:PassedToService condition naming the service the role is meant for."
    ),
    "fix.note.resource_types": (
        "{action} is checked against several resource types: {resource_type} and {others}. This message is "
        "about the {resource_type}; once it is allowed another of them may be denied in turn, so allow them "
        "together."
    ),
    "fix.note.tag_on_create": (
        "Tagging a resource while {create_action} creates it (tag on create) needs ec2:CreateTags too; the "
        "ec2:CreateAction condition limits the permission to exactly that."
    ),
    "fix.note.narrowing": "The action also supports these condition keys, with this request's values, to "
    "narrow the statement further: {keys}.",
    "fix.note.kms_known": (
        "The request uses the customer managed KMS key {key}, so the caller also needs that key, used through "
        "EC2, and the right to create a grant for EC2. If that is missing too, add the policy below (the key "
        "policy must allow it as well)."
    ),

    "fix.note.kms_placeholder": (
        "The request uses the customer managed KMS key {key}, so the caller also needs that key, used through "
        "EC2, and the right to create a grant for EC2. If that is missing too, add the policy below with KEY-ID "
        "replaced by the ID of the key behind {key} (the key policy must allow it as well)."
    ),
    "fix.note.run_instances": (
        "RunInstances is checked against every resource it uses ({types}); the statement allows them together, "
        "so that allowing one does not lead to the next error."
    ),

    "rule.region.listed": (
        "This statement denies requests to these Regions: {values}; this request went to {request}. Use another "
        "Region, or ask the policy's owner."
    ),
    "rule.region.not_listed": (
        "A Region guardrail: only these Regions are allowed: {values}; this request went to {request}. Use one of "
        "them, or ask the policy's owner to allow {request}."
    ),
    "rule.instance_type.listed": (
        "This statement denies these instance types: {values}; this request asked for {request}. Choose another "
        "type."
    ),
    "rule.instance_type.not_listed": (
        "Only these instance types are allowed: {values}; this request asked for {request}. Choose one of them, "
        "or ask the policy's owner."
    ),
    "rule.request_tag.required": (
        "This statement requires a {tag} tag (any value) on what the request creates or tags, and the request "
        "had none. Add it (the tag specifications of the call, or the tags of your Terraform or CloudFormation "
        "resource)."
    ),
    "rule.request_tag.listed": (
        "This statement denies the tag {tag} with these values: {values}; this request set {request}. Use "
        "another value."
    ),
    "rule.request_tag.not_listed": (
        "Only these values are allowed for the tag {tag}: {values}; this request set {request}. Use one of them."
    ),
    "rule.resource_tag.required": (
        "This statement applies to resources without a {tag} tag; this resource has none. Whoever owns the "
        "resource can tag it."
    ),
    "rule.resource_tag.listed": (
        "This statement denies access to resources tagged {tag} = {values}; this resource has {request}."
    ),
    "rule.resource_tag.not_listed": (
        "Only resources tagged {tag} = {values} may be used this way; this resource has {request}."
    ),
    "rule.tag_keys.listed": "This statement denies these tag keys: {values}; this request used {request}.",
    "rule.tag_keys.not_listed": (
        "Only these tag keys are allowed: {values}; this request used {request}. Remove or rename the others."
    ),
    "rule.principal.not_listed": (
        "Only these principals are exempt from this statement: {values}; yours is {request}, which is not among "
        "them. Run the request as one of them, or ask the policy's owner to exempt {request}."
    ),
    "rule.principal.listed": "This statement denies these principals: {values}; yours ({request}) is one of them.",
    "rule.account.not_listed": (
        "Only these accounts are exempt from this statement: {values}; this request came from {request}."
    ),
    "rule.account.listed": (
        "This statement denies requests from these accounts: {values}; this one came from {request}."
    ),
    "rule.mfa.iam_user": (
        "This statement denies requests made without multi-factor authentication (MFA). Sign in with MFA, or get "
        "temporary credentials with MFA (the command below: your MFA device and its current code) and use them."
    ),
    "rule.mfa.role_session": (
        "This statement denies requests made without multi-factor authentication (MFA). A role session has MFA "
        "only if the role was assumed with it: assume {role} again with MFA (the command below: your MFA device and "
        "its current code), or use a CLI profile with `mfa_serial`. (`get-session-token` works only with an IAM "
        "user's own keys.)"
    ),
    "rule.mfa.automation": (
        "This statement denies requests made without multi-factor authentication (MFA), and MFA cannot apply to "
        "{role}: its sessions belong to an instance profile or an automation (CI, deployment). Ask the policy's "
        "owner to exempt this role, for example through aws:PrincipalArn."
    ),
    "rule.mfa.root": (
        "This statement denies requests made without multi-factor authentication (MFA). Sign in to the root user "
        "with MFA, or better, use an IAM role for this task."
    ),
    "rule.mfa.other": (
        "This statement denies requests made without multi-factor authentication (MFA). These credentials cannot "
        "carry MFA: use an IAM role assumed with MFA, or ask the policy's owner for an exception."
    ),
    "rule.mfa_age": (
        "This statement requires MFA within a time limit ({values} seconds): authenticate with MFA again and "
        "retry."
    ),
    "rule.not_action": (
        "This statement denies every action except these {count}: {actions}. {action} is not among them, so the "
        "Deny applies to it; only the policy's owner can add it to the exceptions."
    ),
    "rule.not_resource": (
        "This statement denies access to every resource except these {count}: {resources}. {resource} is not "
        "among them."
    ),
    "rule.key.listed": "This statement applies when {key} is {values}; this request had {request}.",
    "rule.key.not_listed": (
        "This statement applies unless {key} is one of {values}; this request had {request}."
    ),
    "rule.key.required": "This statement requires {key} to be present (any value); this request lacks it.",
    "rule.key.key_absent": (
        "This statement matched although the request has no {key}: a Null or …IfExists check on that key "
        "(values in the statement: {values}). Setting {key} may let the request through; the policy's owner can "
        "say which value."
    ),
    "rule.key.unknown": (
        "This statement tests {key} ({values}); this request had {request}. decode-bot cannot tell which way that "
        "comparison goes."
    ),




    "rule.quarantine": (
        "This is AWS's quarantine policy for compromised keys (AWSCompromisedKeyQuarantine), which AWS attaches "
        "to an IAM user when it finds the user's access key exposed. Treat the key as compromised: follow the "
        "instructions in AWS's notice (the email or support case about it), rotate the key, and review CloudTrail "
        "for what it was used for. Do not simply detach the policy: AWS asks that its instructions come first."
    ),

    "fix.note.wildcard_resource": (
        "The resource ARN ends in a wildcard because the resource did not exist yet when it was checked."
    ),
    "fix.note.if_missing_allow": "If the denial is a missing Allow (the usual case), this statement fixes it.",
    "fix.note.caller_unknown": "Replace CALLER-ARN with the ARN of the caller, which the message does not name.",
    "fix.note.assume_itself": (
        "{role} is assuming itself: its trust policy must name it, as AWS no longer lets a role assume itself "
        "without that."
    ),
    "fix.note.tag_session": (
        "Session tags need sts:TagSession in the role's trust policy as well as sts:AssumeRole. With GitHub's "
        "configure-aws-credentials, `role-skip-session-tagging: true` stops it from passing tags instead."
    ),
    "fix.note.trust_policy": "This statement belongs in the trust policy of {role} (its owner can edit it).",
    "fix.note.resource_policy": "This statement belongs in the policy of {resource}; its owner can add it.",
    "fix.note.key_policy": (
        "This statement belongs in the key policy of {resource}. Key policies must name the principals they allow "
        "even within the key's own account, unless the key policy lets the account's IAM policies decide (a "
        "statement allowing the account's root principal kms:*); then the caller's own policies suffice."
    ),
    "fix.note.cross_account_by_reason": (
        "Within one account the caller's own policies alone would allow this, so the request crossed accounts: the "
        "caller's own policies must allow it too (the same statement, without Principal)."
    ),
    "fix.note.cross_account": (
        "The caller (account {caller_account}) and the resource (account {resource_account}) are in different "
        "accounts: the caller's own policies must allow the request too (the same statement, without Principal)."
    ),
    # Layers (bot/core/layers.py): where a statement goes, and who can put it there
    "attach.user": "IAM user {name}",
    "attach.role": "the policies of IAM role {name} (account {account})",
    "attach.group": "IAM group {name}",
    "attach.permission_set": "permission set {name} in IAM Identity Center",
    "attach.permissions_boundary": "the permissions boundary {name}",
    "attach.session_policy": "the session policy of session {name}",
    "attach.trust_policy": "the trust policy of role {name} (account {account})",
    "attach.key_policy": "the key policy of {name}",
    "attach.bucket_policy": "the bucket policy of {name}",
    "attach.resource_policy": "the policy of {name}",
    "attach.vpc_endpoint_policy": "the policy of VPC endpoint {name}",
    "attach.service_control_policy": "a service control policy of the organization",
    "attach.resource_control_policy": "a resource control policy of the organization",
    "attach.declarative_policy": "a declarative policy of the organization",
    "attach.none": "no policy that can be told",
    "step.add.trust_policy": "Add {it} to the trust policy of role {name}: {who_can}.",
    "step.add.key_policy": "Add {it} to the key policy of {name}: {who_can}.",
    "step.add.bucket_policy": "Add {it} to the bucket policy of {name}: {who_can}.",
    "step.add.resource_policy": "Add {it} to the policy of {name}: {who_can}.",
    "who_can.none": "your account's administrators can make this change",
    "who_can.account": (
        "only the administrators of account {account}, which owns it, can make this change; send it to them"
    ),
    "who_can.account_unnamed": (
        "only the administrators of the account that owns it (another account than the caller's) can make this "
        "change; send it to them"
    ),
    "who_can.organization": "only the organization that owns it can change it; your own administrators cannot",
    "who_can.unknown": "whoever owns it can make this change",
    "step.both_sides": (
        "The request crossed accounts, so both sides must allow it: {first} (the statement above), and {second} "
        "(the statement below)."
    ),
    "cause.implicit.trust_policy": "The trust policy of role {name} does not let {who} assume it ({action}).",
    "cause.implicit.key_policy": "The key policy of {resource} does not allow {action} for {who}.",
    "cause.implicit.bucket_policy": "The policy of bucket {name} does not allow {action} for {who}.",
    "cause.denied.assume_role": (
        "{who} could not assume role {role} ({action}). The message does not say why; nearly always the role's trust "
        "policy does not name the caller."
    ),
    "step.denied.web_identity": (
        "Check the trust policy of role {role}: it must name the identity provider as a Federated principal, and its "
        "aud and sub conditions must match the token (for GitHub Actions: the repository, and the branch or "
        "environment of this run). The provider must exist in IAM in the role's account."
    ),
    "step.denied.assume_role": (
        "The message does not say which policy refused it. Check the trust policy of role {role} first: it must name "
        "the caller as Principal. Otherwise the caller's own policies lack sts:AssumeRole on the role, or a Deny or a "
        "service control policy blocks it."
    ),
    "ask.resource_organization": (
        "Ask the owner of {resource} (their organization's administrators) whether your request should pass their "
        "resource control policy, quoting {sid}."
    ),
    "step.explicit.rcp_other_organization": (
        "The message names no policy ARN, which AWS leaves out when a request crosses organizations: this RCP most "
        "likely belongs to the organization that owns {resource}, and your own administrators cannot change it. RCPs "
        "usually draw a data perimeter (aws:PrincipalOrgID, aws:SourceOrgID): requests from outside that organization "
        "are denied."
    ),
    "step.explicit.bucket_policy_reasons": (
        "Bucket policies usually deny for one of these reasons: the request did not use TLS (aws:SecureTransport: "
        "use https), did not come through the required VPC endpoint or network (aws:SourceVpce, aws:SourceIp), "
        "uploaded without the required encryption header (s3:x-amz-server-side-encryption, e.g. --sse aws:kms), or "
        "came from outside the organization (aws:PrincipalOrgID)."
    ),
    "fix.note.vpc_endpoint": (
        "This statement belongs in the policy of the VPC endpoint the request went through ({endpoint}); whoever runs "
        "the network owns it. Endpoint policies need a Principal: \"*\" narrowed by aws:PrincipalArn, the only form "
        "gateway endpoints (S3, DynamoDB) accept."
    ),
    "fix.note.ecr_layers": (
        "{bucket} is the bucket Amazon ECR keeps image layers in: pulls through the S3 gateway endpoint need "
        "s3:GetObject on it in the endpoint's policy."
    ),
    "fix.note.boundary": (
        "A permissions boundary only limits: the principal's own policies must allow this too (they may already)."
    ),
    "fix.note.scp": (
        "Only the organization's administrators can add this to the service control policy that lists the allowed "
        "actions; an SCP grants nothing by itself, so the principal's own policies must allow it too."
    ),
    "fix.note.session_policy": (
        "Whatever creates the session must pass a session policy that includes this statement; the role's own "
        "policies must allow it too."
    ),
    "fix.note.sso_principal": (
        "Identity Center roles sit under the path aws-reserved/sso.amazonaws.com/ (some with a Region in it) and get "
        "a new suffix if permission set {permission_set} is provisioned again: so the statement names the account as "
        "Principal and narrows to the role with aws:PrincipalArn."
    ),
    "label.role_unnamed": "named in role-to-assume, --role-arn or eks.amazonaws.com/role-arn",
    "step.explicit.resource_side": "The Deny is in {where}: {who_can}.",
    "cause.refusal.s3_no_reason": (
        "S3 refused {action} on {resource} and said only \"Access Denied\" (or \"Forbidden\"): that message names "
        "neither the caller nor the policy, so the cause has to be checked."
    ),
    "step.refusal.s3_no_reason": (
        "Check in this order: the caller's own policies allow {action} on {resource}; the bucket policy has no Deny "
        "that matches (TLS, VPC endpoint, encryption header, organization) and, from another account, allows the "
        "caller; the KMS key of SSE-KMS objects allows kms:Decrypt (reads) or kms:GenerateDataKey (writes); for "
        "objects another account wrote, Object Ownership and ACLs; then service and resource control policies and the "
        "VPC endpoint's policy."
    ),
    "step.s3.missing_key": (
        "A 403 on reading an object (GetObject, HeadObject) also means the key does not exist, when the caller lacks "
        "s3:ListBucket on the bucket: check the key's spelling."
    ),
    "step.s3.find_out": (
        "To learn which: CloudTrail's record of the call names the caller and often the policy kind (object calls "
        "are logged only when the trail records S3 data events), and the CLI's `--debug` shows the request and "
        "S3's answer."
    ),
    "label.s3_resource_unknown": "the bucket or object (the s3:// path of the command)",
    "step.not_read": (
        "The answer above comes from the error text alone: {problem} Decoding would add the statement that matched "
        "and the request's values."
    ),
    "label.parts_from": "verdict and policy kind from the error text; statement and request values from AWS",
    "cause.unknown_action": (
        "{action} is not an action of {service}: no policy can allow it, and a statement naming it would change "
        "nothing."
    ),
    "step.unknown_action": (
        "Check the action's name where it was written (a policy, a tool or a policy generator): the closest real "
        "ones are {closest}."
    ),
    "label.no_close_action": "none close enough to name (see the service's list of actions)",
    "it.statement": "the statement below",
    "it.allow": "an Allow for {action} on {resource}",
    "fix.note.built_arn": (
        "The message names the resource only as {name}: the statement uses its ARN, {arn}; check the Region and "
        "account in it."
    ),
    "fix.note.placeholders": (
        "The message does not name the resource: replace {placeholders} with {how}."
    ),
    "fix.note.redacted": (
        "The resource was redacted in the paste: replace {placeholders} with {how}."
    ),
    "fix.how.kms_key": (
        "the key the data was encrypted with (for an S3 object: `aws s3api head-object --bucket BUCKET --key KEY "
        "--query SSEKMSKeyId`)"
    ),
    "fix.how.generic": "the values of the resource the call named (in the command, or its parameters in CloudTrail)",
    "rule.key.partly": (
        "This statement tests {key} against {values}; this request had {request}, some listed and some not. The usual "
        "guardrail is an allow-list, so the likely cause is {unlisted}."
    ),
    "rule.key.key_absent_context": (
        "This statement matched although the request had no {key} (values in the statement: {values}): AWS sets that "
        "key from the request's path or its principal, not from anything the caller passes."
    ),
    "rule.tag_keys.partly": (
        "This statement most likely allows only the tag keys {values} (a ForAnyValue:StringNotEquals allow-list): "
        "this request used {request}, and {unlisted} is not among them."
    ),
    "cause.tag_keys.partly": (
        "A Deny in {where} allows only the tag keys {values}; {unlisted} is not among them."
    ),
    "do.tag_keys.partly": "Remove or rename the tag keys {unlisted}; keep the allowed ones.",
    "rule.request_tag.variable": (
        "This statement requires the tag {tag} to equal your own principal tag {principal_tag} (attribute-based "
        "access control); this request set {request}."
    ),
    "cause.request_tag.variable": (
        "A Deny in {where} requires the tag {tag} to equal your own principal tag {principal_tag}; this request set "
        "{request}."
    ),
    "do.request_tag.variable": (
        "Set the tag {tag} to the value of your principal tag {principal_tag} (a tag on your role or session; ask "
        "whoever manages the role if you do not know it)."
    ),
    "rule.resource_tag.variable": (
        "This statement allows {action} only on resources whose tag {tag} equals your own principal tag "
        "{principal_tag} (attribute-based access control); this resource had {request}."
    ),
    "cause.resource_tag.variable": (
        "A Deny in {where} blocks {action} on resources whose tag {tag} does not equal your own principal tag "
        "{principal_tag}; this resource had {request}."
    ),
    "do.resource_tag.variable": (
        "Use a resource whose tag {tag} matches your principal tag {principal_tag}, or ask for the tag on the resource "
        "or on your role to be changed."
    ),
    "rule.context.source_ip.key_absent": (
        "This statement allows the call only from the IP ranges {values}, and the request carried no source IP: it "
        "came through a VPC endpoint or an AWS service, where AWS leaves aws:SourceIp out."
    ),
    "cause.context.source_ip.key_absent": (
        "A Deny in {where} allows {action} only from listed IP ranges, and this request came through a VPC endpoint or "
        "an AWS service, which carries no source IP."
    ),
    "do.context.source_ip.key_absent": (
        "Call from the allowed ranges ({values}) over the internet, or ask the policy's owner for an exception by "
        "aws:SourceVpce (your VPC endpoint) or aws:ViaAWSService."
    ),
    "rule.context.source_ip.not_listed": (
        "This statement allows the call only from the IP ranges {values}; this request came from {request}."
    ),
    "cause.context.source_ip.not_listed": (
        "A Deny in {where} allows {action} only from the IP ranges {values}; this request came from {request}."
    ),
    "do.context.source_ip.not_listed": (
        "Call from an allowed network ({values}): the office network or VPN, or the NAT of the allowed VPC."
    ),
    "rule.context.source_vpce.key_absent": (
        "This statement allows the call only through the VPC endpoints {values}; this request did not come through a "
        "VPC endpoint."
    ),
    "cause.context.source_vpce.key_absent": (
        "A Deny in {where} allows {action} only through the VPC endpoints {values}; this request came over the "
        "internet."
    ),
    "do.context.source_vpce.key_absent": (
        "Call from inside the VPC, through its endpoint ({values}): from an instance, a container or a Lambda "
        "function in that VPC."
    ),
    "rule.context.source_vpce.not_listed": (
        "This statement allows the call only through the VPC endpoints {values}; this request came through {request}."
    ),
    "cause.context.source_vpce.not_listed": (
        "A Deny in {where} allows {action} only through the VPC endpoints {values}; this request came through "
        "{request}."
    ),
    "do.context.source_vpce.not_listed": "Call from the VPC whose endpoint is allowed ({values}).",
    "rule.context.called_via.key_absent": (
        "This statement allows the call only when a service makes it for you ({values}); this request was made "
        "directly."
    ),
    "cause.context.called_via.key_absent": (
        "A Deny in {where} allows {action} only through {values}; this request was made directly."
    ),
    "do.context.called_via.key_absent": (
        "Make the change through {values} (for CloudFormation: deploy it as a stack) instead of calling the API "
        "yourself."
    ),
    "rule.context.called_via.not_listed": (
        "This statement allows the call only through {values}; this request came through {request}."
    ),
    "cause.context.called_via.not_listed": (
        "A Deny in {where} allows {action} only through {values}; this request came through {request}."
    ),
    "do.context.called_via.not_listed": "Make the change through {values}.",
    "rule.context.principal_tag.key_absent": (
        "This statement requires the principal tag {tag} ({values}): a tag on your role, user or session, not on "
        "the request; you have none."
    ),
    "cause.context.principal_tag.key_absent": (
        "A Deny in {where} requires the principal tag {tag} on your role or session; yours has none."
    ),
    "do.context.principal_tag.key_absent": (
        "Ask whoever manages your role to tag it {tag} = {values}, or have your sign-in pass it as a session tag."
    ),
    "rule.context.principal_tag.not_listed": (
        "This statement requires your principal tag {tag} to be one of {values}; yours is {request}."
    ),
    "cause.context.principal_tag.not_listed": (
        "A Deny in {where} requires the principal tag {tag} to be one of {values}; yours is {request}."
    ),
    "do.context.principal_tag.not_listed": (
        "Use a role whose tag {tag} is one of {values}, or ask whoever manages your role to change it."
    ),
    "cause.several": "{first} {count} Deny statements match this request: each must be passed.",
    "todo.and": "And: {step}",
    "fix.note.every_type": (
        "{action} is checked against each of these resource types: {types}. The statement lists them all, so that "
        "the next one does not fail in turn."
    ),
    "fix.note.bedrock_profile": (
        "{profile} is a cross-Region inference profile: each call may run in any Region of its geography, so the "
        "statement allows the profile and the model {model} in every Region (Region *)."
    ),
    "fix.note.bedrock_model": (
        "Called through a cross-Region inference profile (a model ID starting us., eu., apac. or global.), the profile "
        "and the model in every Region of its geography must be allowed, not only this one."
    ),
    "fix.how.caller_account": "the caller's account ID, which the paste redacted",
    "rule.context.region.absent": (
        "This statement tests {key} ({values}). Every request has a Region; this decoded message does not show it, "
        "so decode-bot cannot tell which one the statement saw: check the Region your tool sends requests to."
    ),
    "hint.error_account": "The error names account {account}: decode it there.",
    "label.decode_yourself": "Decode it yourself",
    "label.decode_ready": "Ready to run, with this message in it",
    "label.look_yourself": "See it in the account's console",
    "headline.quarantine": "Compromised access key — AWS has quarantined this user",
    "label.account_short": "account {account}",
    "label.who_and_what": "Who and what",
    "label.replace": "Replace {placeholders} before using it.",
    "label.resource_unnamed": "a resource the message does not name",
    "fix.note.how_to_add_role": (
        "To add it: IAM console → Roles → {name} → Add permissions → Create inline policy → JSON. If Terraform or "
        "CloudFormation manages the role, add it there instead, or the next apply removes it."
    ),
    "fix.note.how_to_add_user": (
        "To add it: IAM console → Users → {name} (or one of its groups) → Add permissions → Create inline policy → "
        "JSON. If Terraform or CloudFormation manages the user, add it there instead."
    ),
    "slack.nothing_to_add": "The answer in the thread is all there is for this error.",
    "slack.details_fallback": "Details of decode-bot's answer (only you can see this)",
    "count.errors": "{count} errors in this paste — {verdicts}",
    "count.implicit_deny": "{count} missing permission",
    "count.explicit_deny": "{count} blocked by a Deny",
    "count.denied": "{count} denied without a reason",
    "count.allowed": "{count} allowed",
    "count.unexplained": "{count} not explainable here",
    "slack.show_details_of": "Show details of {number}",
    "slack.private": "Only you can see this answer.",
    "label.run_this": "Run this",
    "count.separator": ", ",
    "label.level.offline": (
        "Checked offline: actions, resource formats and condition keys against AWS's Service Authorization Reference."
    ),
    "step.withheld": (
        "decode-bot wrote a statement for this but withheld it: it failed decode-bot's own checks ({checks}). "
        "That is a defect in decode-bot; please report it with this answer's ref."
    ),
    "label.level.validated": "Checked by IAM Access Analyzer: no errors and no security warnings.",
    "label.level.proven": (
        "Proven on this request by IAM's policy simulator: denied as the policies stand, allowed with this statement."
    ),
    "label.level.checking": "Checking with AWS (IAM Access Analyzer, then IAM's policy simulator)…",
    "label.analyzer_findings": "IAM Access Analyzer's findings on the statement: {findings}",
    "level.stopped.permission": "Not checked with AWS: decode-bot may not call {call} in account {account}.",
    "level.stopped.busy": "AWS did not answer {call} in time: the statement is shown at the level it reached.",
    "level.stopped.failed": "AWS could not run {call} ({problem}): the statement is shown at the level it reached.",
    "level.stopped.unknown_principal": (
        "IAM's policy simulator does not know this principal in account {account}, so the statement is not proven "
        "on the request."
    ),
    "level.stopped.findings": (
        "IAM Access Analyzer warns about this statement ({findings}): read its findings in the details before "
        "using it."
    ),
    "level.stopped.still_denied": (
        "IAM's policy simulator still denies the request with this statement: it may not be enough as written. "
        "Compare its conditions with the request in the details."
    ),
    "level.stopped.missing_context": (
        "Not proven: IAM's policy simulator needs values the request did not carry ({keys})."
    ),
    "level.stopped.other_side": (
        "IAM's policy simulator proves this account's side only: it cannot see the statement account {account} "
        "must add."
    ),
    "level.stopped.late": "AWS's checks did not finish in time: ask again in a minute to see their result.",
    "step.withheld.aws": (
        "decode-bot wrote a statement for this but withheld it: IAM Access Analyzer refuses it ({findings}). "
        "That is a defect in decode-bot; please report it with this answer's ref."
    ),
    "step.simulator.unseen": (
        "IAM's policy simulator allows this request as the principal's policies stand, so the denial came from a "
        "kind of policy the simulator does not evaluate: a session policy, a resource control policy, a VPC "
        "endpoint policy, or a resource policy in another account. Look there first: adding the statement may "
        "change nothing."
    ),
    "step.simulator.service_control_policy": (
        "IAM's policy simulator says a service control policy still denies {action} with the statement added, so no "
        "policy in this account can fix it. Ask your organization's administrators (the management account) to "
        "change the SCP, or to tell you why it denies this call."
    ),
    "step.simulator.permissions_boundary": (
        "IAM's policy simulator says the permissions boundary of {principal} still denies {action} with the statement "
        "added. Whoever manages the boundary (often a platform or security team) must allow {action} in it first; "
        "the statement alone cannot work."
    ),
    "step.simulator.identity_policy": (
        "IAM's policy simulator finds an explicit Deny for {action} among {principal}'s own policies ({matched}): "
        "an Allow cannot override it. Remove or narrow the Deny, or ask whoever manages these policies."
    ),
    "report.title": "CloudTrail denials by cause, the biggest first: {causes} causes, {denials} denials.",
    "report.none": "No denials found.",
    "report.cause": "Cause {index}: denied {count}× from {first} to {last}",
    "report.principals": "Who: {values}",
    "report.resources": "On: {values}",
    "report.more": " and {count} more",
    "report.skipped": "Skipped (not counted as denials): {skipped}",
    "label.cloudtrail_event": "CloudTrail: {name} at {time} in {region}",
    "label.invoked_by": "(called by {service}, an AWS service acting for the caller)",
    "watch.tally": (
        "CloudTrail: denied {count}× · {principals} principals · {resources} resources · first {first} · last {last}"
    ),
    "watch.new_principal": "New principal: {value}.",
    "watch.new_resource": "New resource: {value}.",
    "watch.mute": "Mute this cause",
    "watch.mute.1d": "Mute for 1 day",
    "watch.mute.7d": "Mute for 7 days",
    "watch.mute.forever": "Mute until unmuted",
    "watch.muted": "muted this cause until {until}.",
    "watch.until_unmuted": "it is unmuted",
    "watch.mute_refused": "Only members of this channel (or the watch's administrators) can mute a cause.",
    "watch.home": "Denial watch",
    "watch.home_mute": "muted until {until}: {summary}",
    "watch.unmute": "Unmute",
    "watch.default_on": "Muted by default: {description} ({source})",
    "watch.default_lifted": "Default mute lifted, shown again: {description} ({source})",
    "watch.lift": "Show them",
    "watch.restore": "Mute again",
    "watch.unrouted": (
        "{count} denials matched no route (WATCH_ROUTES) and no WATCH_CHANNEL is set: they were counted, not posted."
    ),
    "owner.button": "Ask the owner",
    "owner.modal.title": "Ask the owner",
    "owner.modal.submit": "Send",
    "owner.modal.cancel": "Cancel",
    "owner.modal.intro": (
        "decode-bot sends this denial, its cause and the change that would let it through to whoever owns the policy, "
        "and posts their decision in this thread. It never changes a policy itself."
    ),
    "owner.modal.purpose": "What were you trying to do?",
    "owner.modal.urgency": "How urgent is it?",
    "owner.urgency.blocking": "It blocks my work",
    "owner.urgency.soon": "Needed this week",
    "owner.urgency.whenever": "No hurry",
    "owner.card.title": "Request to change a policy",
    "owner.card.asks": "asks the owners of {policy} to let this request through.",
    "owner.card.denied": "*Denied:* {principal} · {action} · {resource} · account {account} · {time}",
    "owner.card.why": "*Why:* {cause}",
    "owner.card.policy": "*Policy:* {policy} · {arn} · statement {sid}",
    "owner.card.policy_no_sid": "*Policy:* {policy} · {arn}",
    "owner.card.proposed": "*Proposed change* (the statement to add):",
    "owner.card.matched": "*The statement that denied it*, and what would let the request through:",
    "owner.card.words": "*In their words* (urgency: {urgency}):",
    "owner.card.thread": "<{url}|The original thread>",
    "owner.card.access": "<{url}|Request access in the access tool>",
    "owner.card.not_named": "not named in the error",
    "owner.change": "Will change it",
    "owner.decline": "Decline",
    "owner.expected": "Expected, mute",
    "owner.modal.change_title": "Will change it",
    "owner.modal.note": "A note for the asker (optional)",
    "owner.modal.decline_title": "Decline",
    "owner.modal.reason": "Why? (the asker sees this)",
    "owner.decided.change": "will change it ({time}).",
    "owner.decided.decline": "declined ({time}).",
    "owner.decided.expected": "says this denial is expected ({time}).",
    "owner.decided.muted": "The denial watch stays quiet about this cause until it is unmuted.",
    "owner.decided.note": "Note:",
    "owner.decided.reason": "Reason:",
    "owner.expired": "No decision within {days} days: this request expired ({time}).",
    "owner.reminder": "This request is still waiting for a decision (asked {time}).",
    "owner.sent": "Asked the owners in {channel}. Their decision will be posted in this thread and sent to you.",
    "owner.sent_private": "Asked the owners in {channel}. Their decision will be sent to you here.",
    "owner.asked_in_thread": "asked the owners of this policy for a change.",
    "owner.no_owner": (
        "Nobody is set up to receive requests about {policy}: no OWNER_ROUTES rule matches it, its role carries no "
        "decode-bot:owner-channel tag and no OWNER_CHANNEL is set. Nothing was sent."
    ),
    "owner.not_sent": (
        "The request could not be posted in the owners' channel (Slack said {error}): nothing was sent. Ask "
        "decode-bot's administrators to invite it there (`decode-bot doctor` checks the owners' channels)."
    ),
    "owner.no_owner_ask": "Ask decode-bot's administrators instead:",
    "owner.no_owner_nobody": "decode-bot's settings name no administrators (ADMIN_USERS, WATCH_ADMINS) to ask either.",
    "owner.refused_external": "People from another organization cannot ask this workspace's policy owners.",
    "owner.refused_decide": "Only members of the owners' channel (or decode-bot's administrators) can decide.",
    "owner.stale": "Already decided: {decision}",
    "owner.expired_reference": "This answer is too old to ask about: paste the error again to ask.",
    "owner.not_askable": "There is nothing in this answer that someone else has to change.",
    "owner.home": "Ask the owner",
    "owner.home_routes": "Owners' routes (a role's decode-bot:owner-channel tag first, then OWNER_ROUTES):",
    "owner.home_default": "Default (OWNER_CHANNEL):",
    "owner.home_none": "none",
    "owner.home_open": "Open requests ({count}):",
    "owner.home_request": "{action} for {principal}, asked {time}",
    "owner.let_through.not_listed": (
        "It applies because {key} is {value}, which its list does not include: adding {value} to that list lets this "
        "request through (and every other one with that value)."
    ),
    "owner.let_through.listed": (
        "It applies because {key} is {value}, which it lists: taking {value} off that list lets this request through."
    ),
    "owner.let_through.exception": (
        "Or keep the statement and let only this caller through: add a condition ArnNotLike on aws:PrincipalArn "
        "with {principal}."
    ),
    "owner.let_through.find": (
        "The error does not show the statement: find the Deny for {action} in {policy}. An exception for {principal} "
        "(a condition ArnNotLike on aws:PrincipalArn) lets this request through."
    ),
    "label.also_side": "Statement for {where}",
    "label.endpoint_unknown": "its ID is vpcEndpointId in CloudTrail's record of the call",
    "cause.refusal.declarative_policy": (
        "A declarative policy of your AWS Organization enforces an EC2 setting (image or snapshot block public "
        "access, serial console access, instance metadata defaults, VPC block public access) that {action} would "
        "break: no IAM permission overrides it."
    ),
    "step.refusal.declarative_policy": (
        "Make the request comply (keep the image or snapshot private, use IMDSv2, …), or ask the organization's "
        "administrators, who manage declarative policies in AWS Organizations. What is enforced shows as ManagedBy "
        "\"declarative-policy\" in `aws ec2 get-image-block-public-access-state`, "
        "`get-snapshot-block-public-access-state`, `get-serial-console-access-status` and "
        "`get-instance-metadata-defaults`."
    ),
    "cause.refusal.protected_role": (
        "IAM refuses {action} on {resource}: AWS manages this role, so no one can change it in IAM, whatever their "
        "permissions."
    ),
    "step.refusal.protected_role": (
        "Change permission set {permission_set} in IAM Identity Center instead (its inline policy, managed policies or "
        "permissions boundary); Identity Center then updates the role in every account it is provisioned to. "
        "Whoever administers Identity Center can make the change."
    ),
    "step.refusal.service_linked_role": (
        "This is a service-linked role, which only its service changes: change the service's own configuration; to "
        "grant more, use a role of your own."
    ),
    "cause.refusal.management_account_only": (
        "AWS Organizations refused {action}: it answers only in the organization's management account or in an "
        "account registered as a delegated administrator, and the call came from another account (or from an identity "
        "without {action} there)."
    ),
    "step.refusal.management_account_only": (
        "Run it with credentials in the management account, or ask the organization's administrators to register "
        "this account as a delegated administrator for the service you manage (`aws organizations "
        "register-delegated-administrator`). No IAM policy in a member account makes it work; in the management "
        "account, the caller needs {action}."
    ),
    "fix.note.github_oidc": (
        "GitHub Actions' OIDC tokens: the trust policy checks their audience (sts.amazonaws.com) and narrows their "
        "subject to your repository: replace OWNER/REPO, and narrow further with :ref:refs/heads/main or "
        ":environment:NAME. The identity provider {provider} must exist in IAM in account {account}."
    ),
    "fix.note.eks_oidc": (
        "EKS service accounts (IRSA): replace NAMESPACE and SERVICE-ACCOUNT with the pod's service account, whose "
        "eks.amazonaws.com/role-arn annotation names this role. The cluster's provider {provider} must exist in IAM in "
        "account {account}."
    ),
    "fix.note.web_identity_unknown": (
        "Replace ACCOUNT and PROVIDER with the identity provider's ARN (IAM console, Identity providers), and narrow "
        "with the provider's aud and sub condition keys: a trust policy that checks neither lets every token of the "
        "provider in."
    ),
    # Errors: .user for the person who pasted, .admin for whoever runs decode-bot
    "error.truncated.user": (
        "This encoded message was cut short ({length} characters; complete ones are 500 to 1,600). Copy the "
        "whole error again: CloudFormation event lists and some log viewers shorten it."
    ),
    "error.no_token.user": (
        "The error mentions an encoded authorization failure message, but the message itself is missing or "
        "was replaced by a placeholder. Paste the original error text."
    ),
    "error.invalid_token.user": (
        "AWS could not decode this message here: it most likely comes from an AWS account other than the one "
        "decode-bot works in (or it is incomplete, or has expired). Run the command below in the account where the "
        "error happened, then paste its output here; decode-bot explains decoded output without any AWS access."
    ),
    "error.account_not_in_scope.user": (
        "This conversation may not see what decode-bot decodes in account {account}: its administrators limit which "
        "accounts each channel and user group may decode in (ACCOUNT_SCOPES), and here that is {count} accounts. "
        "Paste it where that account is decoded, or run the command below in the account and paste its output here "
        "(decode-bot explains decoded output without any AWS access)."
    ),
    "error.account_not_configured.user": (
        "decode-bot does not decode in account {account}, so it made no AWS call: it decodes only in the {count} "
        "accounts its administrators configured. Run the command below in account {account} and paste its output here "
        "(decode-bot explains decoded output without any AWS access), or ask decode-bot's administrators to add the "
        "account."
    ),
    "error.not_in_accounts.user": (
        "None of the {count} AWS accounts decode-bot decodes in could decode this message: it comes from another "
        "account (or it is incomplete, or has expired). Run the command below in the account where the error "
        "happened and paste its output here (decode-bot explains decoded output without any AWS access), or ask "
        "decode-bot's administrators to add that account."
    ),

    "error.access_denied.user": "decode-bot is not allowed to decode messages at the moment.",
    "error.access_denied.admin": (
        "The bot's identity {identity} lacks sts:DecodeAuthorizationMessage. Attach a policy that allows "
        "\"sts:DecodeAuthorizationMessage\" on \"*\" to it (see deploy/iam/), then run `decode-bot doctor`."
    ),
    "error.throttled.user": "{service} is throttling decode-bot's requests right now. Please try again in a minute.",
    "error.throttled.admin": "{service} answered Throttling three times in a row; the account's request rate for "
    "it is shared with its workloads.",
    "error.timeout.user": "{service} did not answer in time. Please try again in a moment.",
    "error.timeout.admin": "{service} did not answer within STS_TIMEOUT_SECONDS; check the network path to it.",
    "error.connection.user": "decode-bot could not reach {service}. Please try again in a moment.",
    "error.connection.admin": "Could not connect to {service} in {region}; check network access to the endpoint "
    "(or its AWS_ENDPOINT_URL_<SERVICE> variable).",
    "error.no_credentials.user": "decode-bot has no AWS credentials configured, so it cannot decode messages yet.",
    "error.no_credentials.admin": (
        "No AWS credentials were found. Decoding needs an identity in the token's account allowed "
        "sts:DecodeAuthorizationMessage (nothing more): provide it through the standard chain (AWS_ACCESS_KEY_ID "
        "and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a container or instance role), then run `decode-bot doctor`."
    ),
    "error.bad_credentials.user": "decode-bot's AWS credentials were rejected, so it cannot decode messages.",
    "error.bad_credentials.admin": "STS rejected the bot's credentials (invalid or expired); renew them and "
    "run `decode-bot doctor`.",
    "error.expired_credentials.user": "decode-bot's AWS credentials have expired, so it cannot decode messages.",
    "error.expired_credentials.admin": "The bot's credentials expired and could not be refreshed; renew them "
    "and run `decode-bot doctor`.",
    "error.assume_role_failed.user": "decode-bot could not take on its decoder role, so it cannot decode "
    "messages at the moment.",
    "error.assume_role_failed.admin": (
        "sts:AssumeRole on {identity} failed. Allow the bot's base identity to call sts:AssumeRole on "
        "DECODER_ROLE_ARN, and make the role's trust policy trust that identity."
    ),
    "error.unexpected.user": "{service} gave an unexpected answer. Please try again later.",
    "error.unexpected.admin": "{service} returned an error decode-bot does not know; the log has its code.",
    "error.internal.user": "decode-bot failed while explaining this part; its administrator can find the cause "
    "in the log.",
    "error.internal.admin": "An internal error stopped decode-bot from explaining an input; the log names its type.",
    "service.sts": "AWS STS",
    "service.iam": "AWS IAM (policy simulator)",
    "service.access_analyzer": "IAM Access Analyzer",
    "error.principal_not_found.user": (
        "IAM does not know this principal in its account: it may be gone, or its path differs."
    ),
    "error.cut_by_cloudtrail.user": (
        "CloudTrail cut this record's error message at 1 KB, so the encoded token in it is incomplete and was not sent "
        "to STS: the reason is unknown. What follows is what the record itself shows. For the whole token, take the "
        "failing tool's own output, or run the call again with the AWS CLI's --debug option."
    ),
    "service.iam_toolbox": "AWS IAM (authorization details)",
    "error.authorization_not_found.user": (
        "AWS has no details for this authorization ID. They are kept for at least 24 hours, and only for the "
        "account or organization where the request was denied: decode-bot may work in another one."
    ),
    "error.invalid_authorization_id.user": "This authorization ID is not valid; copy it again from the error.",
    "error.details_access_denied.user": "decode-bot is not allowed to look up authorization IDs at the moment.",
    "error.details_access_denied.admin": (
        "The bot's identity {identity} lacks iam:GetRequestAuthorizationDetails. Add it to the decoder policy "
        "(see deploy/iam/), then run `decode-bot doctor`."
    ),
    "error.unparseable.user": "The decoded message is not in a form decode-bot understands, so it cannot "
    "explain it.",
    "error.damaged.user": (
        "This looks like a decoded authorization message, but it is too damaged to read (cut short or mangled "
        "by an editor). Paste the output of `aws sts decode-authorization-message` again, as plain text."
    ),
    # Labels used by the renderers
    "label.who": "Who",
    "label.action": "Action",
    "label.resource": "Resource",
    "label.context": "Request context",
    "label.statements": "Matched statements",
    "label.not_actions": "Every action except",
    "label.not_resources": "Every resource except",
    "label.next_steps": "Next steps",
    "label.what_to_do": "What to do",
    "label.details": "Details",
    "label.ref": "ref",
    "label.who_short": "who",
    "label.resource_short": "resource",
    "label.decoded_in": "decoded in account {account}",
    "warning.lookalike": (
        "⚠ {value} holds {character}, which only looks like a Latin letter: it is not the name it appears to be, and "
        "AWS's own names never hold it. Check where this error really came from."
    ),
    "label.unverified": "from pasted text, not verified with AWS",
    "label.fix": "Suggested policy statement",
    "label.actions": "Actions",
    "label.resources": "Resources",
    "label.conditions": "Conditions",
    "label.request": "this request",
    "label.not_in_request": "not set",
    "label.no_sid": "(no Sid)",
    "label.error": "Could not explain",
    "label.admin": "For the administrator",
    "label.token": "Token",
    "label.related": "Also check (encrypted volume)",
    "label.access_level": "access level",
    "label.reference": "Reference",
    "label.resource_type": "resource type",
    "label.more_values": "and {count} more",
    "label.checks": "What IAM checked",
    "label.policy": "policy",
    "check.effect.ALLOW": "allows",
    "check.effect.NO_IMPACT": "no effect",
    "check.effect.IMPLICIT_DENY": "nothing allows it",
    "check.effect.EXPLICIT_DENY": "explicit deny",
    "check.effect.UNKNOWN": "a result decode-bot does not know",
    "check.kind.service_control_policy": "Service control policies (SCPs)",
    "check.kind.resource_control_policy": "Resource control policies (RCPs)",
    "check.kind.permissions_boundary": "Permissions boundary",
    "check.kind.session_policy": "Session policy",
    "check.kind.identity_policy": "The principal's policies",
    "check.kind.resource_policy": "The resource's policy",
    "check.kind.vpc_endpoint_policy": "VPC endpoint policy",
    "check.kind.unknown": "A check decode-bot does not know",
    "slack.left_out": "{count} more errors in this message were left out; paste them separately.",
    "slack.shortened": (
        "This answer was shortened to fit in Slack: paste the errors one at a time, or use /decode for a private "
        "answer with every detail."
    ),
    "slack.help": (
        "*decode-bot* explains AWS access-denied errors, including those that say _Encoded authorization failure "
        "message_.\n"
        "• Paste the whole error in a channel I am in: I answer in its thread.\n"
        "• `/decode <error text or token>` answers only you, in any channel; `/decode` alone opens a form for long "
        "pastes.\n"
        "• Or use the message shortcut *Explain this AWS error* on any message.\n"
        "• Longer than 3,000 characters? Post the log as a file or snippet in a channel I am in, or run "
        "`decode-bot explain < error.txt` in a terminal."
    ),
    "form.title": "Explain an AWS error",
    "form.submit": "Explain",
    "form.close": "Cancel",
    "form.label": "Paste the whole error (or the output of aws sts decode-authorization-message)",
    "form.hint": (
        "Up to 3,000 characters. The answer appears only to you, in this conversation (or as a direct message)."
    ),
    "home.explain": "Explain an AWS error",
    "home.fix": "To fix: {fix}",
    "home.title": "decode-bot",
    "home.languages": (
        "Answers come in English or Japanese: private answers follow your Slack language, threads use {lang}."
    ),
    "home.status": "*Status* (as `decode-bot doctor` sees it, checked {age} ago at most):",
    "home.status_pending": "*Status*: being checked now (as `decode-bot doctor` does); this tab shows it when done.",
    "home.no_status": "The bot's status is shown to the people allowed to use it.",
    "slack.nothing_found": (
        "I found no encoded authorization failure message (or decoded message) in that text. Paste the whole "
        "error, including the part after _Encoded authorization failure message:_."
    ),
    "slack.failed": "Something went wrong while explaining this message; please try again.",
    "slack.busy": "I am answering many requests right now; please paste it again in a minute.",
    "slack.not_posted": (
        "I could not post my answer in this thread (Slack said {error}). Invite me to the channel, or use "
        "`/decode` with the error to get the answer privately."
    ),
    "admin.told": "decode-bot's administrators have been told.",
    "admin.ask": (
        "Please tell whoever runs decode-bot (they can run `decode-bot doctor` to see what to fix), quoting ref "
        "{ref}."
    ),
    "admin.notice": "decode-bot needs attention: {problem}",

    "slack.show_details": "Show details",
    "slack.details_elsewhere": (
        "These details belong to an answer in another conversation. Press *Show details* under the answer itself."
    ),
    "slack.details_expired": (
        "These details are no longer available. Use `/decode` with the error text to see them again."
    ),
    "access.channel": (
        "decode-bot does not answer in this channel. Use `/decode` with the error to get an answer only you "
        "can see."
    ),
    "access.user": (
        "Sorry, decoded AWS errors are shown only to the people your administrators allowed. Ask your AWS or "
        "platform team if you need access."
    ),
    "access.external": (
        "Sorry, decoded AWS errors are shown privately only to members of this workspace's own organization."
    ),

    "limit.user": (
        "You have asked for many decodes in a short time (at most {limit} a minute). Wait a minute, then send the "
        "error again with `/decode` (or post it again here)."
    ),
    "limit.channel": (
        "This channel has asked for many decodes in a short time (at most {limit} a minute). Wait a minute, then "
        "send the error again with `/decode` (or post it again here)."
    ),
    "limit.chars": "Your message is very long: only its first {limit} characters were read.",
    "limit.snippet": "The file {name} is larger than {limit} bytes and was not read; paste just the error instead.",
    "cli.no_findings": "No encoded authorization failure message or decoded message was found in the input.",
}
