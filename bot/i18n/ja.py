"""The Japanese message catalog, with AWS's own Japanese terminology (アクセス許可, 明示的な拒否, 暗黙的な拒否,
IAM ロール, 条件キー, サービスコントロールポリシー (SCP), アクセス許可の境界 …). Same keys as the English one."""

JA: dict[str, str] = {
    # 判定
    "decision.explicit_deny": "明示的な拒否",
    "decision.implicit_deny": "暗黙的な拒否 (許可するポリシーがありません)",
    "decision.allowed": "許可",
    "decision.denied": "拒否 (理由はメッセージにありません)",
    "summary.explicit_deny": "{principal}による {resource}への {action}は、{where}の明示的な Deny によってブロックされました。",
    "summary.implicit_deny": "{principal}には {resource}への {action}のアクセス許可がありません。許可するポリシーがないためです。",
    "summary.allowed": "このメッセージの発行時点では、{principal}による {resource}への {action}は許可されていました。",
    "summary.denied": "{principal}による {resource}への {action}はブロックされました。理由はメッセージにありません。",
    "summary_short.explicit_deny": "{resource}への {action}は、{where}の明示的な Deny によってブロックされました。",
    "summary_short.implicit_deny": "{resource}への {action}は許可されていません。許可するポリシーがないためです。",
    "summary_short.allowed": "このメッセージの発行時点では、{resource}への {action}は許可されていました。",
    "summary_short.denied": "{resource}への {action}はブロックされました。理由はメッセージにありません。",
    "summary_step.explicit_deny": (
        "アクセス許可を追加しても解決しません。Deny を変更する必要があります。該当するステートメントと確認先は"
        "「*詳細を表示*」で確認できます。"
    ),
    "summary_step.implicit_deny": "Allow が不足しています。追加すべきステートメントは「*詳細を表示*」で確認できます。",
    "summary_step.allowed": "次に確認すべき点は「*詳細を表示*」で確認できます。",
    "summary_step.denied": "確認すべき点を可能性の高い順に見るには *詳細を表示* を押してください。",
    # 回答の最初の画面: 見出し、原因、対応方法
    "headline.explicit_deny": "明示的な拒否 — アクセス許可を追加しても解決しません",
    "headline.implicit_deny": "アクセス許可が不足しています (暗黙的な拒否)",
    "headline.allowed": "許可",
    "headline.denied": "アクセスがブロックされました (理由はメッセージにありません)",
    "cause.denied": "{who}による {resource}への {action}はブロックされました。Deny によるものか、Allow の不足によるものかはメッセージにありません。",
    "cause.assume_user": (
        "呼び出しは {resource}を引き受けようとしましたが、これはロールではなく IAM ユーザーです。指定したロール ARN "
        "(role_arn、--role-arn、role-to-assume) が誤っており、どのアクセス許可を追加しても解決しません。"
    ),
    "step.assume_user": (
        "ツールが受け取る箇所に、引き受けるロールの ARN (arn:aws:iam::ACCOUNT:role/NAME) を指定してください。"
        "ユーザー {resource}として操作するには、そのユーザー自身の認証情報を使ってください。"
    ),
    "cause.unsigned": (
        "{resource}への {action}は匿名ユーザー (anonymous) からのものです。リクエストが署名されていないため、ポリシーで"
        "許可できる AWS の ID がありません。"
    ),
    "step.unsigned": (
        "リソースのポリシーで指定されたプリンシパルとして、AWS 認証情報でリクエストに署名してください (署名バージョン 4: "
        "AWS SDK、クライアントの AWS 認証オプション、awscurl など)。署名のないリクエストを通すために、リソースのポリシーを"
        "全員に開放 (\"Principal\": \"*\") しないでください。"
    ),
    "cause.denied.security_logging": (
        "{who}による {action}はブロックされました。このアクションはセキュリティログを停止または削除するものです。組織はこうした"
        "呼び出しを意図的にブロックしており (多くはサービスコントロールポリシー (SCP) による)、アクセス許可の不足ではなく"
        "ガードレールによるものである可能性が高いです。"
    ),
    "cause.denied.kms": (
        "KMS が {who}の {action}を受け付けませんでした。キーがこのリージョンにないか、キーポリシー (またはグラント) で"
        "認められていないか、キーポリシーで Deny されています。"
    ),
    "step.denied.unknown": (
        "どのポリシーによるものかはメッセージにありません。多くの場合、プリンシパル自身のポリシーに Allow が不足しています "
        "({it})。そうでなければ、Deny や、アクセス許可の境界、セッションポリシー、サービスコントロール"
        "ポリシーを確認してください。"
    ),
    "step.denied.security_logging": (
        "Allow の追加を依頼するのではなく、{who}が {action}を実行できるべきかどうかをセキュリティチームに確認し、"
        "このスレッドを共有してください。呼び出しのリクエストは CloudTrail の記録で確認できます。ガードレールであれば、Deny は"
        "組織のサービスコントロールポリシー (SCP) にあります。"
    ),
    "step.denied.kms": (
        "次の順に確認してください: キーがリクエストのリージョンに存在すること (キー ID はリージョンごと。マルチリージョンキー"
        "にはレプリカが必要)、キーポリシーがこのプリンシパルに {action}を認めていること (キーポリシーが IAM に委ねている"
        "場合はプリンシパル自身のポリシーも)、キーポリシーに Deny のステートメントがないこと。"
    ),
    "cause.explicit": "{where}の明示的な Deny が、{resource}に対する {action}をブロックしています。",
    "cause.region.listed": "{where}のリージョンの Deny リストが、{request}での {action}をブロックしています (対象のリージョン: {values})。",
    "cause.region.not_listed": "{where}のリージョンのガードレールが、{request}での {action}をブロックしています。使えるリージョン: {values}。",
    "cause.instance_type.listed": "{where}の Deny がインスタンスタイプ {values}をブロックしています。このリクエストは {request}を指定していました。",
    "cause.instance_type.not_listed": "{where}のインスタンスタイプのガードレールで使えるのは {values} だけです。このリクエストは {request}を指定していました。",
    "cause.request_tag.required": "{where}の Deny は、{action}で作成するものに {tag} タグを必須としていますが、リクエストにありませんでした。",
    "cause.request_tag.listed": "{where}の Deny が、タグ {tag}の値 {request}をブロックしています。",
    "cause.request_tag.not_listed": "{where}の Deny がタグ {tag}に認める値は {values} だけです。このリクエストは {request}でした。",
    "cause.resource_tag.required": "{where}の Deny が、{tag} タグのないリソースへの {action}をブロックしています。このリソースにはタグがありません。",
    "cause.resource_tag.listed": "{where}の Deny が、{tag} = {values}のタグが付いたリソースへの {action}をブロックしています。",
    "cause.resource_tag.not_listed": "{where}の Deny が {action}を認めるのは {tag} = {values}のリソースだけです。このリソースは {request}です。",
    "cause.tag_keys.listed": "{where}の Deny がタグキー {values}をブロックしています。このリクエストは {request}を使っていました。",
    "cause.tag_keys.not_listed": "{where}の Deny が認めるタグキーは {values} だけです。このリクエストは {request}を使っていました。",
    "cause.principal.not_listed": "{where}の Deny が、{values} 以外のすべてのプリンシパルの {action}をブロックしています。あなたのプリンシパルは {request}です。",
    "cause.principal.listed": "{where}の Deny が、{request}の {action}をブロックしています。",
    "cause.account.not_listed": "{where}の Deny が、{values} 以外のすべてのアカウントからの {action}をブロックしています。",
    "cause.account.listed": "{where}の Deny が、アカウント {request}からの {action}をブロックしています。",
    "cause.mfa": "{where}の Deny が、多要素認証 (MFA) なしの {action}をブロックしています。",
    "cause.quarantine": "漏えいしたキー用の AWS の隔離ポリシーが、IAM ユーザー {name}の {action}をブロックしています。AWS がこのユーザーのアクセスキーの漏えいを検出しました。",
    "cause.not_action": "{where}の Deny が、{count} 個 ({actions}) を除くすべてのアクションをブロックしています。{action}はその中にありません。",
    "cause.not_resource": "{where}の Deny が、{count} 個 ({resources}) を除くすべてのリソースへの {action}をブロックしています。",
    "cause.allowed": "STS によると、このメッセージの発行時点で {resource}に対する {action}は許可されていました。",
    "cause.implicit.identity_policy": "{who}には {resource}に対する {action}のアクセス許可がありません。",
    "cause.implicit.pass_role_to_ec2": (
        "{who}には、ロール {role}を EC2 に渡す {action}のアクセス許可がありません。インスタンスプロファイルを指定して"
        "インスタンスを起動 (RunInstances) するには、このアクセス許可が必要です。"
    ),
    "cause.implicit.permissions_boundary": "{who}のアクセス許可の境界が、{resource}に対する {action}を認めていません。",
    "cause.implicit.session_policy": "{who}のセッションポリシーが、{resource}に対する {action}を認めていません。",
    "cause.implicit.service_control_policy": "{who}の {action}を認めるサービスコントロールポリシー (SCP) がありません。",
    "cause.implicit.resource_control_policy": "リソースコントロールポリシー (RCP) が、{resource}に対する {action}を認めていません。",
    "cause.implicit.resource_policy": "{resource}のポリシーが、{who}の {action}を認めていません。",
    "cause.implicit.vpc_endpoint_policy": "VPC エンドポイントのポリシーが、{resource}に対する {action}を認めていません。",
    "do.region.listed": "このステートメントが拒否しないリージョン ({values} 以外) で実行してください。",
    "do.region.not_listed": "使えるリージョン ({values}) で実行してください。CLI プロファイル、Terraform のプロバイダー、パイプラインのリージョン設定を確認してください。",
    "do.instance_type.listed": "{values} 以外のインスタンスタイプを選んでください。",
    "do.instance_type.not_listed": "使えるインスタンスタイプ ({values}) から選んでください。",
    "do.request_tag.required": "作成するものに {tag} タグを付けてください (API 呼び出しのタグ指定、または Terraform や CloudFormation のリソースのタグ)。",
    "do.request_tag.listed": "タグ {tag}に {values} 以外の値を指定してください。",
    "do.request_tag.not_listed": "タグ {tag}に {values}のいずれかを指定してください。",
    "do.resource_tag.required": "リソースの所有者に {tag} タグを付けるよう依頼してください。",
    "do.resource_tag.listed": "{tag} = {values}のタグが付いていないリソースを使ってください。",
    "do.resource_tag.not_listed": "{tag} = {values}のタグが付いたリソースを使ってください。",
    "do.tag_keys.listed": "リクエストからタグキー {values}を外してください。",
    "do.tag_keys.not_listed": "タグキーは {values} だけを使ってください。",
    "do.principal.not_listed": "使ってよい場合は、除外されているプリンシパル ({values}) のいずれかとして実行してください。",
    "do.principal.listed": "{request} 以外の認証情報で実行してください。",
    "do.account.not_listed": "除外されているアカウント ({values}) のいずれかから実行してください。",
    "do.account.listed": "{request} 以外のアカウントから実行してください。",
    "ask.service_control_policy": (
        "SCP はこのアカウントからは変更できません。この呼び出しが必要なら、組織の管理者に例外を依頼し、このスレッドを送って"
        "ください{quoted}。"
    ),
    "ask.resource_control_policy": (
        "RCP はこのアカウントからは変更できません。この呼び出しが必要なら、組織の管理者に例外を依頼し、このスレッドを送って"
        "ください{quoted}。"
    ),
    "ask.permissions_boundary": "このまま実行する必要がある場合は、このプリンシパルのアクセス許可の境界を管理している人 (多くはプラットフォームチームやセキュリティチーム) に、{sid}を示して依頼してください。",
    "ask.permission_set": "このまま実行する必要がある場合は、IAM Identity Center の管理者に、{sid}を示してアクセス許可セット {permission_set}の変更を依頼してください。",
    "ask.session_policy": "{sid}を示して、このセッションを作成するツールが渡すセッションポリシーを変更してください。ロール自身のポリシーは原因ではありません。",
    "ask.identity_policy": "このプリンシパル自身のポリシーにある Deny を削除するか範囲を狭めてください。または、{sid}を示してポリシーの管理者に依頼してください。",
    "ask.resource_policy": "{sid}を示して、リソースの所有者にそのポリシーの変更を依頼してください。",
    "ask.vpc_endpoint_policy": "{sid}を示して、ネットワークの管理者に VPC エンドポイントのポリシーの変更を依頼してください。",
    "ask.unknown": "エラーメッセージには、Deny がどのポリシーにあるかが示されていません。確認する場所は詳細に一覧があり、{sid}を手がかりに AWS の管理者が特定できます。",
    "todo.share": "IAM を編集できない場合は、この内容を AWS の管理者と共有してください。",
    "quote.sid": "Sid {sid}",
    "quote.policy": "ポリシー {arn}",
    "quote.none": "このスレッド",
    "quoted.some": " ({quote})",
    "quoted.none": " (エラーにはポリシーの名前がありません)",
    # ポリシーの種類 (新しいエラーメッセージが示すもの)
    "kind.service_control_policy": "サービスコントロールポリシー (SCP)",
    "kind.resource_control_policy": "リソースコントロールポリシー (RCP)",
    "kind.permissions_boundary": "アクセス許可の境界",
    "kind.session_policy": "セッションポリシー",
    "kind.identity_policy": "アイデンティティベースのポリシー",
    "kind.resource_policy": "リソースベースのポリシー",
    "kind.vpc_endpoint_policy": "VPC エンドポイントポリシー",
    "kind.unknown": "エラーメッセージでは特定されていないポリシー",
    "kind.statement": "ステートメント {sid}",
    "kind.permission_set": "IAM Identity Center のアクセス許可セット",
    # プリンシパル
    "principal.iam_user": "IAM ユーザー {name}",
    "principal.iam_role": "IAM ロール {role}",
    "principal.assumed_role": "IAM ロール {role}のセッション {session}",
    "principal.root": "アカウントのルートユーザー",
    "principal.federated_user": "フェデレーティッドユーザー {name}",
    "principal.service": "AWS サービス {name}",
    "principal.unknown": "{name}",
    "principal.sso": "アクセス許可セット {permission_set}のセッション {session} (IAM Identity Center)",
    # 次のステップ
    "step.allowed": (
        "STS はこのリクエストを許可済みと報告しています。失敗の原因は同じ呼び出しの別の認可チェック (出力にある別のエンコード"
        "されたメッセージを探してください) か、その後のアクセス許可の変更です。再実行し、再び失敗したら新しいメッセージを"
        "デコードしてください。"
    ),
    "step.explicit.no_allow": (
        "明示的な拒否はすべての許可 (Allow) に優先するため、アクセス許可を追加しても解決しません。Deny ステートメントを"
        "変更するか、リクエストがそのステートメントに一致しないようにする必要があります。"
    ),
    "step.explicit.kind.service_control_policy": (
        "Deny は、アカウント {account}に適用される AWS Organizations のサービスコントロールポリシー (SCP) にあります。"
        "変更できるのは組織の管理者 (管理アカウントまたは委任された管理者) だけです。{quote}を添えて依頼して"
        "ください。"
    ),
    "step.explicit.kind.resource_control_policy": (
        "Deny は、AWS Organizations のリソースコントロールポリシー (RCP) にあります。変更できるのは組織の管理者だけです。"
        "{quote}を添えて依頼してください。"
    ),
    "step.explicit.kind.permissions_boundary": (
        "Deny は、このユーザーまたはロールに設定されたアクセス許可の境界にあります。境界を管理しているのはこのプリンシパルの"
        "管理者 (多くはプラットフォームチームやセキュリティチーム) です。{quote}を添えて依頼してください。"
    ),
    "step.explicit.kind.session_policy": (
        "Deny は、セッション作成時に渡されたセッションポリシー ({issuer}) にあります。渡す内容を変更してください。"
        "ロール自身のポリシーは原因ではありません。"
    ),
    "step.explicit.kind.permission_set": (
        "Deny は IAM Identity Center のアクセス許可セット {permission_set} (インラインポリシー、管理ポリシー、またはアクセス"
        "許可の境界) にあります。作成されたロールは IAM では変更できません。Identity Center の管理者に、{quote}を"
        "添えてアクセス許可セットの変更を依頼してください。"
    ),


    "step.explicit.kind.identity_policy": (
        "Deny は、プリンシパルのアイデンティティベースのポリシー (直接アタッチ、グループ経由、またはインライン) にあります。"
    ),
    "step.explicit.kind.resource_policy": (
        "Deny は、リソース自身のポリシー (バケットポリシー、キーポリシー、キューポリシーなど) にあります。リソースの所有者"
        "が変更する必要があります。"
    ),
    "step.explicit.kind.vpc_endpoint_policy": (
        "Deny は、リクエストが経由した VPC エンドポイントのポリシーにあります。ネットワークの管理者が所有しています。"
    ),
    "step.explicit.where_unknown": "エラーメッセージには、Deny がどの種類のポリシーにあるかが示されていません。次を確認してください:",
    "step.explicit.statement": "Sid が {sid}の Deny ステートメントを探してください。",
    "step.explicit.statement_conditional": (
        "Sid が {sid}の Deny ステートメントを探してください。このステートメントは条件 ({conditions}) が一致する場合に"
        "だけ適用されます。このリクエストにとっての意味は次のとおりです:"
    ),

    "step.explicit.statement_no_sid": "このアクションを対象とする、Sid のない Deny ステートメントを探してください。",
    "step.explicit.statement_no_sid_conditional": (
        "このアクションを対象とする、Sid のない Deny ステートメントを探してください。このステートメントは条件 "
        "({conditions}) が一致する場合にだけ適用されます。このリクエストにとっての意味は次のとおりです:"
    ),

    "step.explicit.no_statement": (
        "メッセージには一致したステートメントがありません。上記のポリシーの中から、{action} またはそれを含むワイルドカード"
        "に対する Deny を探してください。"
    ),
    "step.policy_arn": "エラーメッセージが示すポリシー: {arn}",
    "where.service_control_policy": "アカウントとその組織単位 (OU) に適用されるサービスコントロールポリシー (SCP)",
    "where.resource_control_policy": "組織のリソースコントロールポリシー (RCP)",
    "where.permissions_boundary": "{name}に設定されたアクセス許可の境界",
    "where.identity_policy": "{name}にアタッチされたポリシー (管理ポリシーとインラインポリシー)",
    "where.identity_policy_user": "{name}とその IAM グループにアタッチされたポリシー (管理ポリシーとインラインポリシー)",
    "where.session_policy": "セッション作成時に渡されたセッションポリシー ({issuer})",
    "session_issuer.cognito": "Cognito ID プールが渡すもの。拡張フローでは、プールのロールとともに範囲を絞ったポリシーが渡されます",
    "session_issuer.vault": "HashiCorp Vault が渡すもの。Vault のフェデレーショントークンには Vault ロールの policy_document が含まれます",
    "session_issuer.service": "サービスリンクロールを通じてこのセッションを作成した AWS サービスが渡すもの",
    "session_issuer.unknown": "CI ツールや、ポリシーを指定した AssumeRole 呼び出しが渡すもの",
    "where.permission_set": "IAM Identity Center のアクセス許可セット {permission_set} (インラインポリシー、管理ポリシー、アクセス許可の境界)",
    "where.resource_policy": "リソース自身のポリシー (バケットポリシー、キーポリシー、キューポリシーなど)",
    "step.implicit.attach.iam_user": "{it}を IAM ユーザー {name} (またはそのユーザーが属するグループ) に追加してください。",
    "step.implicit.attach.iam_role": "{it}を IAM ロール {role}のポリシーに追加してください。",
    "step.implicit.attach.assumed_role": "{it}を IAM ロール {role}のポリシーに追加してください。",
    "step.implicit.attach.root": (
        "ルートユーザーはアカウントのすべてのアクセス許可を持つため、この暗黙的な拒否はこのアクションを許可していない"
        "サービスコントロールポリシー (SCP) によるものです。組織の管理者に依頼してください。"
    ),
    "step.implicit.attach.federated_user": (
        "フェデレーティッドユーザー {name}のアクセス許可は、セッションを作成した IAM ユーザーとセッションポリシーで決まり"
        "ます。{it}を両方で許可する必要があります。"
    ),
    "step.implicit.attach.service": "{it}を、リクエストを行ったアイデンティティ ({name}) に追加してください。",
    "step.implicit.attach.unknown": "{it}を、リクエストを行ったアイデンティティ ({name}) に追加してください。",
    "step.implicit.attach.sso": (
        "{it}を、IAM Identity Center のアクセス許可セット {permission_set}に (インラインポリシーまたは"
        "カスタマー管理ポリシーとして) 追加してください。そのロール {role}は IAM では変更できません。Identity Center の"
        "管理者が変更できます。"
    ),
    "step.implicit.allow_elsewhere": (
        "このリクエストには Allow ステートメント (Sid {sid} ) が一致しています。不足している Allow は別の種類のポリシー "
        "(アクセス許可の境界、セッションポリシー、サービスコントロールポリシー) にあります。"
    ),
    "step.implicit.allow_condition_unmet": (
        "Sid が {sid}の Allow ステートメントは {key}が {values}のときだけ適用されます。このリクエストの値は "
        "{request} だったため、適用されませんでした。"
    ),
    "step.implicit.missing.permissions_boundary": (
        "アクセス許可の境界がこのアクションを許可していません。{it}を、プリンシパル自身のポリシーに加えて"
        "境界にも追加してください。この変更は境界を管理している人が行う必要があります。"
    ),
    "step.implicit.missing.permission_set_boundary": (
        "アクセス許可セット {permission_set} (IAM Identity Center) の境界が、このアクションを認めていません。"
        "Identity Center の管理者が、{it}をアクセス許可セットのポリシーと境界の両方に追加する必要があります。"
    ),

    "step.implicit.missing.session_policy": (
        "セッション作成時に渡されたセッションポリシー ({issuer}) が、このアクションを認めていません。セッションを作成する"
        "側が、{it}を含むポリシーを渡すようにしてください。"
    ),
    "step.implicit.missing.service_control_policy": (
        "許可するアクションを列挙したサービスコントロールポリシー (SCP) に、このアクションが含まれていません。組織の管理者"
        "が追加する必要があります。"
    ),
    "step.implicit.missing.resource_control_policy": (
        "組織のリソースコントロールポリシー (RCP) がこのリクエストを許可していません。組織の管理者が変更する必要があります。"
    ),
    "step.implicit.missing.resource_policy": (
        "リソース自身のポリシーがこのプリンシパルを許可していません。リソースの所有者が、呼び出し元を Principal 要素に"
        "指定して、{it}をそのポリシーに追加する必要があります。"
    ),
    "step.implicit.missing.vpc_endpoint_policy": (
        "VPC エンドポイントのポリシーがこのアクションを許可していません。ネットワークの管理者に追加を依頼してください。"
    ),
    "step.implicit.no_fix": "メッセージに拒否されたアクションが含まれていないため、ステートメントを提案できません。",
    "step.implicit.other_layers": (
        "リクエストは、適用されるすべての種類のポリシーで許可される必要があります。プリンシパルのポリシーですでに許可"
        "されている場合は、アクセス許可の境界、セッションポリシー、サービスコントロールポリシー (SCP) を確認してください。"
    ),
    "fix.note.passed_to_service": (
        "iam:PassedToService 条件により、ロールを渡せる先を {service} (このリクエストでロールを渡した先のサービス) に"
        "限定しています。意図したサービスであることを確認してください。"
    ),
    "fix.note.passed_to_service_unknown": "ロールを渡す先のサービスを指定する iam:PassedToService 条件を追加してください。",
    "fix.note.resource_types": (
        "{action}は複数のリソースタイプ ({resource_type}と {others}) に対して認可されます。このメッセージは "
        "{resource_type}についてのものです。これを許可すると次に別のリソースタイプで拒否される場合があるため、まとめて"
        "許可してください。"
    ),
    "fix.note.tag_on_create": (
        "{create_action}がリソースを作成するときにタグを付ける (作成時のタグ付け) には ec2:CreateTags も必要です。"
        "ec2:CreateAction 条件により、このアクセス許可をその場合だけに限定しています。"
    ),
    "fix.note.narrowing": "このアクションは次の条件キーにも対応しています。このリクエストの値を使ってステートメントをさらに絞り込めます: {keys}。",
    "fix.note.kms_known": (
        "このリクエストはカスタマー管理の KMS キー {key}を使うため、呼び出し元には EC2 経由でそのキーを使うアクセス"
        "許可と、EC2 のためのグラントを作成するアクセス許可も必要です。これも不足している場合は以下のポリシーを追加して"
        "ください (キーポリシーでも許可されている必要があります)。"
    ),

    "fix.note.kms_placeholder": (
        "このリクエストはカスタマー管理の KMS キー {key}を使うため、呼び出し元には EC2 経由でそのキーを使うアクセス"
        "許可と、EC2 のためのグラントを作成するアクセス許可も必要です。これも不足している場合は、KEY-ID を {key}の"
        "背後にあるキーの ID に置き換えて以下のポリシーを追加してください (キーポリシーでも許可されている必要があります)。"
    ),
    "fix.note.run_instances": (
        "RunInstances は使用するすべてのリソース ({types}) に対して確認されます。1 つずつ許可すると次のエラーになる"
        "ため、このステートメントはそれらをまとめて許可します。"
    ),

    "rule.region.listed": (
        "このステートメントは次のリージョンへのリクエストを拒否します: {values}。このリクエストは {request}へのものでした。"
        "別のリージョンを使うか、ポリシーの所有者に相談してください。"
    ),
    "rule.region.not_listed": (
        "リージョンのガードレールです。許可されているのは次のリージョンだけです: {values}。このリクエストは {request}への"
        "ものでした。これらのいずれかを使うか、ポリシーの所有者に {request}の許可を依頼してください。"
    ),
    "rule.instance_type.listed": (
        "このステートメントは次のインスタンスタイプを拒否します: {values}。このリクエストは {request}を指定していました。"
        "別のタイプを選んでください。"
    ),
    "rule.instance_type.not_listed": (
        "許可されているインスタンスタイプは次のものだけです: {values}。このリクエストは {request}を指定していました。"
        "これらのいずれかを選ぶか、ポリシーの所有者に依頼してください。"
    ),
    "rule.request_tag.required": (
        "このステートメントは、リクエストが作成またはタグ付けするものに {tag} タグ (値は任意) を必須としていますが、"
        "リクエストにはありませんでした。タグを追加してください (API 呼び出しのタグ指定、または Terraform や "
        "CloudFormation のリソースのタグ)。"
    ),
    "rule.request_tag.listed": (
        "このステートメントは、タグ {tag}の次の値を拒否します: {values}。このリクエストは {request}を指定していました。"
        "別の値を使ってください。"
    ),
    "rule.request_tag.not_listed": (
        "タグ {tag}に許可されている値は次のものだけです: {values}。このリクエストは {request}を指定していました。"
        "これらのいずれかを使ってください。"
    ),
    "rule.resource_tag.required": (
        "このステートメントは {tag} タグのないリソースに適用され、このリソースにはそのタグがありません。リソースの"
        "所有者がタグを付けられます。"
    ),
    "rule.resource_tag.listed": (
        "このステートメントは {tag} = {values}のタグが付いたリソースへのアクセスを拒否します。このリソースの値は "
        "{request}です。"
    ),
    "rule.resource_tag.not_listed": (
        "この操作に使えるのは {tag} = {values}のタグが付いたリソースだけです。このリソースの値は {request}です。"
    ),
    "rule.tag_keys.listed": "このステートメントは次のタグキーを拒否します: {values}。このリクエストは {request}を使っていました。",
    "rule.tag_keys.not_listed": (
        "許可されているタグキーは次のものだけです: {values}。このリクエストは {request}を使っていました。それ以外の"
        "キーを削除するか名前を変えてください。"
    ),
    "rule.principal.not_listed": (
        "このステートメントの適用から除外されているのは次のプリンシパルだけです: {values}。あなたのプリンシパル {request}"
        "はその中にありません。これらのいずれかとしてリクエストを実行するか、ポリシーの所有者に {request}の除外を依頼"
        "してください。"
    ),
    "rule.principal.listed": "このステートメントは次のプリンシパルを拒否します: {values}。あなたのプリンシパル ({request}) はその一つです。",
    "rule.account.not_listed": (
        "このステートメントの適用から除外されているのは次のアカウントだけです: {values}。このリクエストは {request}から"
        "のものでした。"
    ),
    "rule.account.listed": "このステートメントは次のアカウントからのリクエストを拒否します: {values}。このリクエストは {request}からでした。",
    "rule.mfa.iam_user": (
        "このステートメントは、多要素認証 (MFA) を使わないリクエストを拒否します。MFA でサインインするか、MFA 付きの"
        "一時的な認証情報 (以下のコマンド: MFA デバイスと現在のコード) を取得して使ってください。"
    ),
    "rule.mfa.role_session": (
        "このステートメントは、多要素認証 (MFA) を使わないリクエストを拒否します。ロールのセッションが MFA 付きになるのは、"
        "MFA を使ってロールを引き受けた場合だけです。MFA 付きで {role}を引き受け直す (以下のコマンド: MFA デバイスと現在の"
        "コード) か、`mfa_serial` を設定した CLI プロファイルを使ってください。"
        "(`get-session-token` は IAM ユーザー自身のアクセスキーでしか使えません。)"
    ),
    "rule.mfa.automation": (
        "このステートメントは、多要素認証 (MFA) を使わないリクエストを拒否しますが、{role}には MFA を適用できません。"
        "そのセッションはインスタンスプロファイルまたは自動化 (CI、デプロイ) のものです。ポリシーの所有者に、"
        "aws:PrincipalArn などでこのロールを除外するよう依頼してください。"
    ),
    "rule.mfa.root": (
        "このステートメントは、多要素認証 (MFA) を使わないリクエストを拒否します。ルートユーザーに MFA でサインインするか、"
        "この作業には IAM ロールを使ってください。"
    ),
    "rule.mfa.other": (
        "このステートメントは、多要素認証 (MFA) を使わないリクエストを拒否します。この認証情報は MFA を伴えません。"
        "MFA を使って引き受けた IAM ロールを使うか、ポリシーの所有者に例外を依頼してください。"
    ),
    "rule.mfa_age": "このステートメントは一定時間内 ({values} 秒) の MFA を必須としています。MFA で認証し直してから再実行してください。",
    "rule.not_action": (
        "このステートメントは、次の {count} 個を除くすべてのアクションを拒否します: {actions}。{action}はその中にないため "
        "Deny が適用されます。例外に加えられるのはポリシーの所有者だけです。"
    ),
    "rule.not_resource": (
        "このステートメントは、次の {count} 個を除くすべてのリソースへのアクセスを拒否します: {resources}。{resource}は"
        "その中にありません。"
    ),
    "rule.key.listed": "このステートメントは {key}が {values}のときに適用されます。このリクエストの値は {request}でした。",
    "rule.key.not_listed": "このステートメントは {key}が {values}のいずれかでない限り適用されます。このリクエストの値は {request}でした。",
    "rule.key.required": "このステートメントは {key}があること (値は任意) を必須としていますが、このリクエストにはありません。",
    "rule.key.key_absent": (
        "リクエストに {key}がないにもかかわらず、このステートメントは一致しました。そのキーに対する Null または …IfExists "
        "のチェックです (ステートメントの値: {values})。{key}を指定すれば通る可能性があります。どの値にすべきかはポリシーの"
        "所有者に確認してください。"
    ),
    "rule.key.unknown": (
        "このステートメントは {key} ({values}) をテストしています。このリクエストの値は {request}でした。比較の向きは "
        "decode-bot には判断できません。"
    ),




    "rule.quarantine": (
        "これは、IAM ユーザーのアクセスキーの漏えいを検出したときに AWS がアタッチする、漏えいしたキー用の隔離ポリシー "
        "(AWSCompromisedKeyQuarantine) です。キーは漏えいしたものとして扱ってください。AWS からの通知 (メールまたは"
        "サポートケース) の指示に従い、キーをローテーションし、CloudTrail でキーの使われ方を確認してください。ポリシーを"
        "単にデタッチしないでください。AWS はまず指示に従うよう求めています。"
    ),

    "fix.note.wildcard_resource": "確認の時点でリソースがまだ存在していなかったため、リソース ARN の末尾がワイルドカードになっています。",
    "fix.note.if_missing_allow": "ブロックの原因が Allow の不足 (よくあるケース) であれば、このステートメントで解決します。",
    "fix.note.caller_unknown": "CALLER-ARN を呼び出し元の ARN に置き換えてください (メッセージには示されていません)。",
    "fix.note.assume_itself": (
        "{role}は自分自身を引き受けようとしています。AWS はロールが暗黙的に自分自身を引き受けることを認めなくなったため、"
        "信頼ポリシーで自分自身を指定する必要があります。"
    ),
    "fix.note.tag_session": (
        "セッションタグを渡すには、ロールの信頼ポリシーで sts:AssumeRole に加えて sts:TagSession も許可する必要が"
        "あります。GitHub の configure-aws-credentials では、`role-skip-session-tagging: true` でタグを渡さないようにも"
        "できます。"
    ),
    "fix.note.trust_policy": "このステートメントは {role}の信頼ポリシーに追加します (ロールの所有者が編集できます)。",
    "fix.note.resource_policy": "このステートメントは {resource}のポリシーに追加します (所有者が追加できます)。",
    "fix.note.key_policy": (
        "このステートメントは {resource}のキーポリシーに追加します。キーポリシーは、キーと同じアカウント内でも、許可する"
        "プリンシパルを指定する必要があります。ただし、キーポリシーがアカウントの IAM ポリシーに判断を委ねている場合 "
        "(アカウントのルートプリンシパルに kms:* を許可するステートメントがある場合) は、呼び出し元自身のポリシーで足ります。"
    ),
    "fix.note.cross_account_by_reason": (
        "同じアカウント内であれば呼び出し元自身のポリシーだけで許可されるため、このリクエストはアカウントをまたいでいます。"
        "呼び出し元自身のポリシーでも許可する必要があります (Principal を除いた同じステートメント)。"
    ),
    "fix.note.cross_account": (
        "呼び出し元 (アカウント {caller_account}) とリソース (アカウント {resource_account}) のアカウントが異なります。"
        "呼び出し元自身のポリシーでも同じステートメント (Principal なし) で許可する必要があります。"
    ),
    # レイヤー (bot/core/layers.py): ステートメントの追加先と、変更できる人
    "attach.user": "IAM ユーザー {name}",
    "attach.role": "IAM ロール {name} (アカウント {account}) のポリシー",
    "attach.group": "IAM グループ {name}",
    "attach.permission_set": "IAM Identity Center のアクセス許可セット {name}",
    "attach.permissions_boundary": "アクセス許可の境界 {name}",
    "attach.session_policy": "セッション {name}のセッションポリシー",
    "attach.trust_policy": "ロール {name} (アカウント {account}) の信頼ポリシー",
    "attach.key_policy": "{name}のキーポリシー",
    "attach.bucket_policy": "{name}のバケットポリシー",
    "attach.resource_policy": "{name}のポリシー",
    "attach.vpc_endpoint_policy": "VPC エンドポイント {name}のポリシー",
    "attach.service_control_policy": "組織のサービスコントロールポリシー (SCP)",
    "attach.resource_control_policy": "組織のリソースコントロールポリシー (RCP)",
    "attach.declarative_policy": "組織の宣言型ポリシー",
    "attach.none": "特定できるポリシーはありません",
    "step.add.trust_policy": "{it}をロール {name}の信頼ポリシーに追加してください。{who_can}。",
    "step.add.key_policy": "{it}を {name}のキーポリシーに追加してください。{who_can}。",
    "step.add.bucket_policy": "{it}を {name}のバケットポリシーに追加してください。{who_can}。",
    "step.add.resource_policy": "{it}を {name}のポリシーに追加してください。{who_can}。",
    "who_can.none": "この変更はお使いのアカウントの管理者が行えます",
    "who_can.account": "この変更は所有者であるアカウント {account}の管理者しか行えません。その管理者に送ってください",
    "who_can.account_unnamed": "この変更は所有者のアカウント (呼び出し元とは別のアカウント) の管理者しか行えません。その管理者に送ってください",
    "who_can.organization": "変更できるのは所有者の組織だけで、お使いの組織の管理者は変更できません",
    "who_can.unknown": "この変更は所有者が行えます",
    "step.both_sides": (
        "リクエストはアカウントをまたいでいるため、両側で許可する必要があります: {first} (上記のステートメント) と {second} "
        "(以下のステートメント)。"
    ),
    "cause.implicit.trust_policy": "ロール {name}の信頼ポリシーが、{who}によるロールの引き受け ({action}) を許可していません。",
    "cause.implicit.key_policy": "{resource}のキーポリシーが、{who}の {action}を許可していません。",
    "cause.implicit.bucket_policy": "バケット {name}のポリシーが、{who}の {action}を許可していません。",
    "cause.denied.assume_role": (
        "{who}はロール {role}を引き受けられませんでした ({action})。理由はメッセージにありませんが、ほとんどの場合、"
        "ロールの信頼ポリシーに呼び出し元が指定されていません。"
    ),
    "step.denied.web_identity": (
        "ロール {role}の信頼ポリシーを確認してください。ID プロバイダーを Federated プリンシパルに指定し、aud と sub の条件が"
        "トークンと一致する必要があります (GitHub Actions なら、リポジトリと、この実行のブランチまたは環境)。プロバイダーは"
        "ロールのアカウントの IAM に存在する必要があります。"
    ),
    "step.denied.assume_role": (
        "どのポリシーによるものかはメッセージにありません。まずロール {role}の信頼ポリシーを確認してください。呼び出し元を"
        " Principal に指定する必要があります。そうでなければ、呼び出し元自身のポリシーにロールへの sts:AssumeRole がないか、"
        "Deny またはサービスコントロールポリシーがブロックしています。"
    ),
    "ask.resource_organization": (
        "{resource}の所有者 (その組織の管理者) に、このリクエストがリソースコントロールポリシーを通過すべきかを、{sid}を"
        "添えて確認してください。"
    ),
    "step.explicit.rcp_other_organization": (
        "メッセージにポリシー ARN がありません。AWS はリクエストが組織をまたぐ場合に ARN を省きます。この RCP は {resource}"
        "を所有する組織のものである可能性が高く、お使いの組織の管理者は変更できません。RCP は多くの場合データ境界 "
        "(aws:PrincipalOrgID、aws:SourceOrgID) を定め、その組織外からのリクエストを拒否します。"
    ),
    "step.explicit.bucket_policy_reasons": (
        "バケットポリシーが拒否する主な理由: TLS を使っていない (aws:SecureTransport: https を使う)、必須の VPC "
        "エンドポイントやネットワークを経由していない (aws:SourceVpce、aws:SourceIp)、必須の暗号化ヘッダーなしでアップロード"
        "した (s3:x-amz-server-side-encryption、例: --sse aws:kms)、組織外からのリクエスト (aws:PrincipalOrgID)。"
    ),
    "fix.note.vpc_endpoint": (
        "このステートメントは、リクエストが経由した VPC エンドポイント ({endpoint}) のポリシーに追加します。所有者は"
        "ネットワークの運用担当です。エンドポイントポリシーには Principal が必要です: \"*\" を aws:PrincipalArn で絞り込む"
        "形で、ゲートウェイエンドポイント (S3、DynamoDB) はこの形しか受け付けません。"
    ),
    "fix.note.ecr_layers": (
        "{bucket}は Amazon ECR がイメージレイヤーを保存するバケットです。S3 ゲートウェイエンドポイント経由の pull には、"
        "エンドポイントのポリシーでこのバケットへの s3:GetObject が必要です。"
    ),
    "fix.note.boundary": (
        "アクセス許可の境界は制限するだけです。プリンシパル自身のポリシーでも許可する必要があります (すでに許可されている"
        "場合もあります)。"
    ),
    "fix.note.scp": (
        "許可するアクションを列挙するサービスコントロールポリシーにこれを追加できるのは、組織の管理者だけです。SCP 自体は"
        "何も付与しないため、プリンシパル自身のポリシーでも許可する必要があります。"
    ),
    "fix.note.session_policy": (
        "セッションを作成する側が、このステートメントを含むセッションポリシーを渡す必要があります。ロール自身のポリシーでも"
        "許可する必要があります。"
    ),
    "fix.note.sso_principal": (
        "Identity Center のロールはパス aws-reserved/sso.amazonaws.com/ (リージョンを含む場合もあります) の下にあり、"
        "アクセス許可セット {permission_set}を再プロビジョニングすると接尾辞が変わります。そのため、ステートメントは"
        "アカウントを Principal に指定し、aws:PrincipalArn でロールに絞り込みます。"
    ),
    "label.role_unnamed": "(role-to-assume、--role-arn、eks.amazonaws.com/role-arn で指定したもの)",
    "step.explicit.resource_side": "Deny は {where}にあります。{who_can}。",
    "cause.refusal.s3_no_reason": (
        "S3 は {resource}への {action}を拒否し、\"Access Denied\" (または \"Forbidden\") とだけ返しました。この"
        "メッセージは呼び出し元もポリシーも示さないため、原因を確認する必要があります。"
    ),
    "step.refusal.s3_no_reason": (
        "次の順に確認してください: 呼び出し元自身のポリシーに {resource}への {action}の Allow があること、バケット"
        "ポリシーに該当する Deny (TLS、VPC エンドポイント、暗号化ヘッダー、組織) がなく、別アカウントからなら呼び出し元が"
        "指定されていること、SSE-KMS のオブジェクトでは KMS キーで kms:Decrypt (読み取り) または kms:GenerateDataKey "
        "(書き込み) が認められていること、別アカウントが書いたオブジェクトではオブジェクト所有者と ACL、最後にサービス"
        "コントロールポリシー、リソースコントロールポリシー、VPC エンドポイントのポリシー。"
    ),
    "step.s3.missing_key": (
        "オブジェクトの読み取り (GetObject、HeadObject) の 403 は、呼び出し元にバケットの s3:ListBucket がない場合、"
        "キーが存在しないことも意味します。キーの綴りを確認してください。"
    ),
    "step.s3.find_out": (
        "どれかを知るには: CloudTrail の呼び出し記録に呼び出し元と、多くの場合ポリシーの種類があります (オブジェクトの"
        "呼び出しは、証跡が S3 のデータイベントを記録している場合のみ)。CLI の `--debug` でリクエストと S3 の応答が"
        "分かります。"
    ),
    "label.s3_resource_unknown": "バケットまたはオブジェクト (コマンドの s3:// パス)",
    "step.not_read": (
        "上記の回答はエラーテキストだけに基づいています: {problem} デコードできれば、該当したステートメントとリクエストの値が"
        "加わります。"
    ),
    "label.parts_from": "判定とポリシーの種類はエラーテキストから、ステートメントとリクエストの値は AWS から",
    "cause.unknown_action": (
        "{action}は {service}のアクションではありません。どのポリシーでも許可できず、このアクションを指定したステートメントは"
        "何も変えません。"
    ),
    "step.unknown_action": (
        "アクション名が書かれた場所 (ポリシー、ツール、ポリシー生成ツール) を確認してください。近い実在のアクション: "
        "{closest}。"
    ),
    "label.no_close_action": "十分に近いものはありません (サービスのアクション一覧を参照)",
    "it.statement": "以下のステートメント",
    "it.allow": "{resource}への {action}の Allow",
    "fix.note.built_arn": (
        "メッセージはリソースを {name}としか示していないため、ステートメントでは ARN {arn}を使っています。リージョンと"
        "アカウントを確認してください。"
    ),
    "fix.note.placeholders": "メッセージにリソースがありません。{placeholders}を{how}に置き換えてください。",
    "fix.note.redacted": "貼り付けではリソースが伏せられています。{placeholders}を{how}に置き換えてください。",
    "fix.how.kms_key": (
        "データの暗号化に使われたキー (S3 オブジェクトなら `aws s3api head-object --bucket BUCKET --key KEY "
        "--query SSEKMSKeyId`)"
    ),
    "fix.how.generic": "呼び出しが指定したリソースの値 (コマンド、または CloudTrail のパラメーター)",
    "rule.key.partly": (
        "このステートメントは {key}を {values}と比べます。このリクエストの値は {request}で、一覧にあるものとないものが"
        "あります。よくあるガードレールは許可リストなので、原因は {unlisted}である可能性が高いです。"
    ),
    "rule.key.key_absent_context": (
        "リクエストに {key}がないのにこのステートメントが一致しました (ステートメントの値: {values})。AWS はこのキーを"
        "リクエストの経路やプリンシパルから設定し、呼び出し元が渡すものではありません。"
    ),
    "rule.tag_keys.partly": (
        "このステートメントはタグキー {values}だけを許可している可能性が高いです (ForAnyValue:StringNotEquals の"
        "許可リスト)。このリクエストは {request}を使い、{unlisted}は含まれていません。"
    ),
    "cause.tag_keys.partly": "{where}の Deny はタグキー {values}だけを認めており、{unlisted}は含まれていません。",
    "do.tag_keys.partly": "タグキー {unlisted}を削除するか名前を変えてください。認められているキーはそのままにします。",
    "rule.request_tag.variable": (
        "このステートメントは、タグ {tag}がご自身のプリンシパルタグ {principal_tag}と同じ値であることを求めます (属性ベースの"
        "アクセス制御)。このリクエストの値は {request}でした。"
    ),
    "cause.request_tag.variable": (
        "{where}の Deny は、タグ {tag}がご自身のプリンシパルタグ {principal_tag}と同じ値であることを求めます。この"
        "リクエストの値は {request}でした。"
    ),
    "do.request_tag.variable": (
        "タグ {tag}をプリンシパルタグ {principal_tag}の値にしてください (ロールまたはセッションのタグです。分からなければ"
        "ロールの管理者に確認してください)。"
    ),
    "rule.resource_tag.variable": (
        "このステートメントは、タグ {tag}がご自身のプリンシパルタグ {principal_tag}と同じリソースでだけ {action}を認めます"
        " (属性ベースのアクセス制御)。このリソースの値は {request}でした。"
    ),
    "cause.resource_tag.variable": (
        "{where}の Deny は、タグ {tag}がご自身のプリンシパルタグ {principal_tag}と異なるリソースへの {action}をブロック"
        "します。このリソースの値は {request}でした。"
    ),
    "do.resource_tag.variable": (
        "タグ {tag}がプリンシパルタグ {principal_tag}と一致するリソースを使うか、リソースまたはロールのタグの変更を依頼して"
        "ください。"
    ),
    "rule.context.source_ip.key_absent": (
        "このステートメントは IP 範囲 {values}からの呼び出しだけを認めますが、リクエストには送信元 IP がありませんでした。"
        "VPC エンドポイントまたは AWS のサービス経由の呼び出しでは、AWS は aws:SourceIp を設定しません。"
    ),
    "cause.context.source_ip.key_absent": (
        "{where}の Deny は一覧の IP 範囲からの {action}だけを認めますが、このリクエストは送信元 IP のない VPC "
        "エンドポイントまたは AWS のサービス経由でした。"
    ),
    "do.context.source_ip.key_absent": (
        "インターネット経由で許可された範囲 ({values}) から呼び出すか、ポリシーの管理者に aws:SourceVpce (お使いの VPC "
        "エンドポイント) または aws:ViaAWSService による例外を依頼してください。"
    ),
    "rule.context.source_ip.not_listed": (
        "このステートメントは IP 範囲 {values}からの呼び出しだけを認めます。このリクエストの送信元は {request}でした。"
    ),
    "cause.context.source_ip.not_listed": (
        "{where}の Deny は IP 範囲 {values}からの {action}だけを認めます。このリクエストの送信元は {request}でした。"
    ),
    "do.context.source_ip.not_listed": (
        "許可されたネットワーク ({values}) から呼び出してください: 社内ネットワークや VPN、許可された VPC の NAT など。"
    ),
    "rule.context.source_vpce.key_absent": (
        "このステートメントは VPC エンドポイント {values}経由の呼び出しだけを認めます。このリクエストは VPC "
        "エンドポイントを経由していません。"
    ),
    "cause.context.source_vpce.key_absent": (
        "{where}の Deny は VPC エンドポイント {values}経由の {action}だけを認めます。このリクエストはインターネット経由"
        "でした。"
    ),
    "do.context.source_vpce.key_absent": (
        "VPC の中からエンドポイント ({values}) 経由で呼び出してください: その VPC のインスタンス、コンテナ、Lambda 関数"
        "など。"
    ),
    "rule.context.source_vpce.not_listed": (
        "このステートメントは VPC エンドポイント {values}経由の呼び出しだけを認めます。このリクエストは {request}経由"
        "でした。"
    ),
    "cause.context.source_vpce.not_listed": (
        "{where}の Deny は VPC エンドポイント {values}経由の {action}だけを認めます。このリクエストは {request}経由"
        "でした。"
    ),
    "do.context.source_vpce.not_listed": "エンドポイントが許可されている VPC ({values}) から呼び出してください。",
    "rule.context.called_via.key_absent": (
        "このステートメントは、サービス ({values}) が代わりに行う呼び出しだけを認めます。このリクエストは直接の呼び出し"
        "でした。"
    ),
    "cause.context.called_via.key_absent": (
        "{where}の Deny は {values}経由の {action}だけを認めます。このリクエストは直接の呼び出しでした。"
    ),
    "do.context.called_via.key_absent": (
        "API を直接呼び出すのではなく、{values}経由で変更してください (CloudFormation ならスタックとしてデプロイ)。"
    ),
    "rule.context.called_via.not_listed": (
        "このステートメントは {values}経由の呼び出しだけを認めます。このリクエストは {request}経由でした。"
    ),
    "cause.context.called_via.not_listed": (
        "{where}の Deny は {values}経由の {action}だけを認めます。このリクエストは {request}経由でした。"
    ),
    "do.context.called_via.not_listed": "{values}経由で変更してください。",
    "rule.context.principal_tag.key_absent": (
        "このステートメントはプリンシパルタグ {tag} ({values}) を求めます。リクエストではなく、ロール、ユーザー、"
        "セッションのタグで、お使いのプリンシパルにはありません。"
    ),
    "cause.context.principal_tag.key_absent": (
        "{where}の Deny はロールまたはセッションのプリンシパルタグ {tag}を求めますが、お使いのものにはありません。"
    ),
    "do.context.principal_tag.key_absent": (
        "ロールの管理者にタグ {tag} = {values}の付与を依頼するか、サインイン時にセッションタグとして渡してください。"
    ),
    "rule.context.principal_tag.not_listed": (
        "このステートメントはプリンシパルタグ {tag}が {values}のいずれかであることを求めます。お使いの値は {request}です。"
    ),
    "cause.context.principal_tag.not_listed": (
        "{where}の Deny はプリンシパルタグ {tag}が {values}のいずれかであることを求めます。お使いの値は {request}です。"
    ),
    "do.context.principal_tag.not_listed": (
        "タグ {tag}が {values}のいずれかであるロールを使うか、ロールの管理者に変更を依頼してください。"
    ),
    "cause.several": "{first} このリクエストには {count}個の Deny ステートメントが一致しており、すべてを満たす必要があります。",
    "todo.and": "さらに: {step}",
    "fix.note.every_type": (
        "{action}は次の各リソースタイプに対して確認されます: {types}。次のタイプで続けて失敗しないよう、ステートメントには"
        "すべてを含めています。"
    ),
    "fix.note.bedrock_profile": (
        "{profile}はクロスリージョン推論プロファイルです。呼び出しはその地域のどのリージョンでも実行されうるため、"
        "ステートメントはプロファイルと、すべてのリージョン (Region *) のモデル {model}を許可しています。"
    ),
    "fix.note.bedrock_model": (
        "クロスリージョン推論プロファイル (us.、eu.、apac.、global. で始まるモデル ID) 経由で呼び出す場合は、このリージョン"
        "だけでなく、プロファイルとその地域のすべてのリージョンのモデルを許可する必要があります。"
    ),
    "fix.how.caller_account": "貼り付けで伏せられた呼び出し元のアカウント ID",
    "rule.context.region.absent": (
        "このステートメントは {key} ({values}) を確認します。すべてのリクエストにはリージョンがありますが、このデコード"
        "結果には含まれていないため、どのリージョンだったかは判断できません。ツールがリクエストを送るリージョンを確認して"
        "ください。"
    ),
    "hint.error_account": "エラーにはアカウント {account}が示されています。そのアカウントでデコードしてください。",
    "label.decode_yourself": "自分でデコードする",
    "label.decode_ready": "このメッセージを含む、そのまま実行できるコマンド",
    "label.look_yourself": "アカウントのコンソールで確認する",
    "headline.quarantine": "アクセスキーの漏えい — AWS がこのユーザーを隔離しました",
    "label.account_short": "アカウント {account}",
    "label.who_and_what": "対象",
    "label.replace": "使う前に {placeholders}を置き換えてください。",
    "label.resource_unnamed": "メッセージに示されていないリソース",
    "fix.note.how_to_add_role": (
        "追加方法: IAM コンソール → ロール → {name} → 許可を追加 → インラインポリシーを作成 → JSON。Terraform や "
        "CloudFormation がロールを管理している場合は、そちらに追加してください。そうしないと次の適用で削除されます。"
    ),
    "fix.note.how_to_add_user": (
        "追加方法: IAM コンソール → ユーザー → {name} (またはそのグループ) → 許可を追加 → インラインポリシーを作成 → "
        "JSON。Terraform や CloudFormation がユーザーを管理している場合は、そちらに追加してください。"
    ),
    "slack.nothing_to_add": "このエラーについては、スレッドの回答がすべてです。",
    "slack.details_fallback": "decode-bot の回答の詳細 (あなただけに表示されています)",
    "count.errors": "この貼り付けには {count}件のエラーがあります — {verdicts}",
    "count.implicit_deny": "アクセス許可の不足 {count}件",
    "count.explicit_deny": "Deny によるブロック {count}件",
    "count.denied": "理由のないブロック {count}件",
    "count.allowed": "許可 {count}件",
    "count.unexplained": "ここでは説明できないもの {count}件",
    "slack.show_details_of": "{number}の詳細を表示",
    "slack.private": "この回答はあなただけに表示されています。",
    "label.run_this": "実行するコマンド",
    "count.separator": "、",
    "label.level.offline": (
        "オフラインで確認済み: アクション、リソースの形式、条件キーを AWS のサービス認可リファレンスと照合しました。"
    ),
    "step.withheld": (
        "decode-bot はステートメントを作成しましたが、自身の確認 ({checks}) を通らなかったため表示していません。"
        "decode-bot の不具合です。この回答の参照番号を添えて報告してください。"
    ),
    "label.level.validated": "IAM Access Analyzer で確認済み: エラーもセキュリティ警告もありません。",
    "label.level.proven": (
        "IAM のポリシーシミュレーターでこのリクエストについて証明済み: 現状のポリシーでは拒否され、このステートメントを加えると許可されます。"
    ),
    "label.level.checking": "AWS で確認中です (IAM Access Analyzer、続いて IAM のポリシーシミュレーター)…",
    "label.analyzer_findings": "IAM Access Analyzer の検出結果: {findings}",
    "level.stopped.permission": "AWS では確認していません: decode-bot はアカウント {account}で {call}を呼び出せません。",
    "level.stopped.busy": "AWS が {call}に時間内に応答しませんでした。ステートメントは到達した確認レベルで表示しています。",
    "level.stopped.failed": "AWS で {call}を実行できませんでした ({problem})。ステートメントは到達した確認レベルで表示しています。",
    "level.stopped.unknown_principal": (
        "IAM のポリシーシミュレーターはアカウント {account}でこのプリンシパルを見つけられないため、リクエストでの証明はできていません。"
    ),
    "level.stopped.findings": (
        "IAM Access Analyzer がこのステートメントについて警告しています ({findings})。使う前に詳細の検出結果を読んでください。"
    ),
    "level.stopped.still_denied": (
        "このステートメントを加えても IAM のポリシーシミュレーターはリクエストを拒否します。このままでは足りない可能性があります。"
        "詳細にあるリクエストの値と条件を比べてください。"
    ),
    "level.stopped.missing_context": (
        "証明できていません: IAM のポリシーシミュレーターには、リクエストに含まれていない値 ({keys}) が必要です。"
    ),
    "level.stopped.other_side": (
        "IAM のポリシーシミュレーターで証明できるのはこのアカウント側だけです。アカウント {account}が追加するステートメントは評価できません。"
    ),
    "level.stopped.late": "AWS での確認が時間内に終わりませんでした。1 分ほどしてからもう一度尋ねると結果が表示されます。",
    "step.withheld.aws": (
        "decode-bot はステートメントを作成しましたが、IAM Access Analyzer が受け付けないため表示していません ({findings})。"
        "decode-bot の不具合です。この回答の参照番号を添えて報告してください。"
    ),
    "step.simulator.unseen": (
        "IAM のポリシーシミュレーターは、プリンシパルの現在のポリシーでこのリクエストを許可します。拒否はシミュレーターが評価しない種類のポリシーから来ています: "
        "セッションポリシー、リソースコントロールポリシー、VPC エンドポイントポリシー、または別アカウントのリソースポリシーです。"
        "まずそちらを確認してください。ステートメントを加えても何も変わらない可能性があります。"
    ),
    "step.simulator.service_control_policy": (
        "IAM のポリシーシミュレーターによると、ステートメントを加えてもサービスコントロールポリシーが {action}を拒否するため、"
        "このアカウントのポリシーでは解決できません。組織の管理者 (管理アカウント) に SCP の変更か、この呼び出しを拒否する理由の説明を依頼してください。"
    ),
    "step.simulator.permissions_boundary": (
        "IAM のポリシーシミュレーターによると、ステートメントを加えても {principal}のアクセス許可の境界が {action}を拒否します。"
        "境界を管理している人 (多くはプラットフォームやセキュリティのチーム) が、まず境界で {action}を許可する必要があります。"
        "ステートメントだけでは解決できません。"
    ),
    "step.simulator.identity_policy": (
        "IAM のポリシーシミュレーターは、{principal} 自身のポリシーに {action}の明示的な Deny を見つけました ({matched})。"
        "Allow ではこれを覆せません。Deny を削除するか絞り込むか、これらのポリシーの管理者に依頼してください。"
    ),
    "report.title": "CloudTrail に記録された拒否を原因ごとに、件数の多い順に示します: 原因 {causes} 件、合計 {denials} 件。",
    "report.none": "拒否は見つかりませんでした。",
    "report.cause": "原因 {index}: {first}から{last}までに {count} 回拒否",
    "report.principals": "プリンシパル: {values}",
    "report.resources": "リソース: {values}",
    "report.more": " ほか {count} 件",
    "report.skipped": "対象外 (拒否として数えていないもの): {skipped}",
    "label.cloudtrail_event": "CloudTrail: {time}、{region}の {name}",
    "label.invoked_by": "(呼び出し元の代わりに AWS のサービス {service}が実行)",
    "watch.tally": (
        "CloudTrail: {count} 回拒否 · プリンシパル {principals} 件 · リソース {resources} 件 · 最初 {first} · 最新 {last}"
    ),
    "watch.new_principal": "新しいプリンシパル: {value}",
    "watch.new_resource": "新しいリソース: {value}",
    "watch.mute": "この原因をミュート",
    "watch.mute.1d": "1 日ミュート",
    "watch.mute.7d": "7 日ミュート",
    "watch.mute.forever": "解除するまでミュート",
    "watch.muted": "がこの原因を {until}までミュートしました。",
    "watch.until_unmuted": "解除されるまで",
    "watch.mute_refused": "原因をミュートできるのは、このチャンネルのメンバー (またはウォッチの管理者) だけです。",
    "watch.home": "拒否ウォッチ",
    "watch.home_mute": "が {until}までミュート: {summary}",
    "watch.unmute": "ミュート解除",
    "watch.default_on": "既定でミュート: {description} ({source})",
    "watch.default_lifted": "既定のミュートを解除して表示中: {description} ({source})",
    "watch.lift": "表示する",
    "watch.restore": "再びミュート",
    "watch.unrouted": "{count} 件の拒否はどのルート (WATCH_ROUTES) にも一致せず、WATCH_CHANNEL も未設定のため、数えただけで投稿していません。",
    "owner.button": "オーナーに依頼",
    "owner.modal.title": "オーナーに依頼",
    "owner.modal.submit": "送信",
    "owner.modal.cancel": "キャンセル",
    "owner.modal.intro": (
        "decode-bot は、この拒否とその原因、リクエストを通すための変更案をポリシーのオーナーに送り、その決定をこの"
        "スレッドに投稿します。decode-bot 自身がポリシーを変更することはありません。"
    ),
    "owner.modal.purpose": "何をしようとしていましたか?",
    "owner.modal.urgency": "緊急度",
    "owner.urgency.blocking": "作業が止まっている",
    "owner.urgency.soon": "今週中に必要",
    "owner.urgency.whenever": "急ぎではない",
    "owner.card.title": "ポリシー変更の依頼",
    "owner.card.asks": "さんが {policy}のオーナーに、このリクエストを通すよう依頼しています。",
    "owner.card.denied": "*拒否:* {principal} · {action} · {resource} · アカウント {account} · {time}",
    "owner.card.why": "*原因:* {cause}",
    "owner.card.policy": "*ポリシー:* {policy} · {arn} · ステートメント {sid}",
    "owner.card.policy_no_sid": "*ポリシー:* {policy} · {arn}",
    "owner.card.proposed": "*変更案* (追加するステートメント):",
    "owner.card.matched": "*拒否したステートメント*と、リクエストを通すための変更:",
    "owner.card.words": "*依頼者のことば* (緊急度: {urgency}):",
    "owner.card.thread": "<{url}|元のスレッド>",
    "owner.card.access": "<{url}|アクセス申請ツールで申請する>",
    "owner.card.not_named": "エラーには記載なし",
    "owner.change": "変更する",
    "owner.decline": "却下",
    "owner.expected": "想定どおり (ミュート)",
    "owner.modal.change_title": "変更する",
    "owner.modal.note": "依頼者へのメモ (任意)",
    "owner.modal.decline_title": "却下",
    "owner.modal.reason": "理由 (依頼者に表示されます)",
    "owner.decided.change": "さんが変更します ({time})。",
    "owner.decided.decline": "さんが却下しました ({time})。",
    "owner.decided.expected": "さんによると、この拒否は想定どおりです ({time})。",
    "owner.decided.muted": "拒否ウォッチは、ミュートが解除されるまでこの原因を投稿しません。",
    "owner.decided.note": "メモ:",
    "owner.decided.reason": "理由:",
    "owner.expired": "{days} 日以内に決定がなかったため、この依頼は期限切れになりました ({time})。",
    "owner.reminder": "この依頼はまだ決定を待っています (依頼日時 {time})。",
    "owner.sent": "{channel}のオーナーに依頼しました。決定はこのスレッドに投稿され、あなたにも送られます。",
    "owner.sent_private": "{channel}のオーナーに依頼しました。決定はここであなたに送られます。",
    "owner.asked_in_thread": "さんがこのポリシーのオーナーに変更を依頼しました。",
    "owner.no_owner": (
        "{policy}についての依頼を受け取る相手が設定されていません。OWNER_ROUTES に一致するルールがなく、ロールに "
        "decode-bot:owner-channel タグもなく、OWNER_CHANNEL も設定されていません。何も送信していません。"
    ),
    "owner.not_sent": (
        "オーナーのチャンネルに依頼を投稿できませんでした (Slack の応答: {error})。何も送信していません。"
        "decode-bot をそのチャンネルに招待するよう管理者に依頼してください (`decode-bot doctor` で確認できます)。"
    ),
    "owner.no_owner_ask": "代わりに decode-bot の管理者に相談してください:",
    "owner.no_owner_nobody": "decode-bot の設定には、相談できる管理者 (ADMIN_USERS、WATCH_ADMINS) も指定されていません。",
    "owner.refused_external": "別の組織のユーザーは、このワークスペースのポリシーのオーナーに依頼できません。",
    "owner.refused_decide": "決定できるのは、オーナーのチャンネルのメンバー (または decode-bot の管理者) だけです。",
    "owner.stale": "すでに決定済みです: {decision}",
    "owner.expired_reference": "この回答は古いため依頼できません。エラーをもう一度貼り付けてから依頼してください。",
    "owner.not_askable": "この回答には、ほかの人が変更する必要のあるものはありません。",
    "owner.home": "オーナーへの依頼",
    "owner.home_routes": "オーナーのルート (OWNER_ROUTES、最初に一致したもの。ロールの decode-bot:owner-channel タグが優先):",
    "owner.home_default": "既定 (OWNER_CHANNEL):",
    "owner.home_none": "なし",
    "owner.home_open": "未決定の依頼 ({count} 件):",
    "owner.home_request": "{principal}の {action}、依頼日時 {time}",
    "owner.let_through.not_listed": (
        "{key}が {value}で、ステートメントのリストに含まれていないため適用されています。リストに {value}を"
        "追加すると、このリクエスト (と同じ値のほかのリクエスト) が通ります。"
    ),
    "owner.let_through.listed": (
        "{key}が {value}で、ステートメントのリストに含まれているため適用されています。リストから {value}を"
        "外すと、このリクエストが通ります。"
    ),
    "owner.let_through.exception": (
        "ステートメントはそのままにして、この呼び出し元だけを通すには、aws:PrincipalArn に対する ArnNotLike "
        "条件で {principal}を除外します。"
    ),
    "owner.let_through.find": (
        "エラーにはステートメントが示されていません。{policy}の中で {action}を拒否しているステートメントを探して"
        "ください。{principal}を例外にする (aws:PrincipalArn に対する ArnNotLike 条件) と、このリクエストが通ります。"
    ),
    "label.also_side": "{where}のステートメント",
    "label.endpoint_unknown": "ID は CloudTrail の呼び出し記録の vpcEndpointId にあります",
    "cause.refusal.declarative_policy": (
        "AWS Organizations の宣言型ポリシーが EC2 の設定 (イメージやスナップショットのパブリックアクセスのブロック、"
        "シリアルコンソールのアクセス、インスタンスメタデータのデフォルト、VPC のパブリックアクセスのブロック) を強制しており、"
        "{action}はそれに反します。IAM のアクセス許可では上書きできません。"
    ),
    "step.refusal.declarative_policy": (
        "リクエストを設定に合わせる (イメージやスナップショットを非公開にする、IMDSv2 を使う など) か、AWS Organizations で"
        "宣言型ポリシーを管理する組織の管理者に相談してください。強制されている設定は、`aws ec2 "
        "get-image-block-public-access-state`、`get-snapshot-block-public-access-state`、"
        "`get-serial-console-access-status`、`get-instance-metadata-defaults` の ManagedBy が \"declarative-policy\" "
        "であることで分かります。"
    ),
    "cause.refusal.protected_role": (
        "IAM は {resource}への {action}を拒否しました。このロールは AWS が管理しているため、アクセス許可にかかわらず IAM "
        "では誰も変更できません。"
    ),
    "step.refusal.protected_role": (
        "代わりに IAM Identity Center のアクセス許可セット {permission_set} (インラインポリシー、管理ポリシー、アクセス許可の"
        "境界) を変更してください。Identity Center がプロビジョニング先のすべてのアカウントでロールを更新します。変更は "
        "Identity Center の管理者が行えます。"
    ),
    "step.refusal.service_linked_role": (
        "これはサービスリンクロールで、変更できるのはそのサービスだけです。サービス自身の設定を変更してください。より多くの"
        "権限が必要なら、自分で作成したロールを使ってください。"
    ),
    "cause.refusal.management_account_only": (
        "AWS Organizations が {action}を拒否しました。この操作は組織の管理アカウントか委任管理者として登録されたアカウント"
        "でのみ応答し、呼び出しは別のアカウント (またはそこで {action}を持たない ID) から行われました。"
    ),
    "step.refusal.management_account_only": (
        "管理アカウントの認証情報で実行するか、組織の管理者に、管理するサービスの委任管理者としてこのアカウントを登録するよう"
        "依頼してください (`aws organizations register-delegated-administrator`)。メンバーアカウントではどの IAM ポリシー"
        "でも解決しません。管理アカウントであれば、呼び出し元に {action}が必要です。"
    ),
    "fix.note.github_oidc": (
        "GitHub Actions の OIDC トークン: 信頼ポリシーで audience (sts.amazonaws.com) を確認し、subject をリポジトリに"
        "絞り込みます。OWNER/REPO を置き換え、:ref:refs/heads/main や :environment:NAME でさらに絞り込んでください。ID "
        "プロバイダー {provider}がアカウント {account}の IAM に存在する必要があります。"
    ),
    "fix.note.eks_oidc": (
        "EKS のサービスアカウント (IRSA): NAMESPACE と SERVICE-ACCOUNT を、eks.amazonaws.com/role-arn アノテーションで"
        "このロールを指定している Pod のサービスアカウントに置き換えてください。クラスターのプロバイダー {provider}が"
        "アカウント {account}の IAM に存在する必要があります。"
    ),
    "fix.note.web_identity_unknown": (
        "ACCOUNT と PROVIDER を ID プロバイダーの ARN (IAM コンソールの ID プロバイダー) に置き換え、プロバイダーの aud と "
        "sub の条件キーで絞り込んでください。どちらも確認しない信頼ポリシーは、そのプロバイダーのすべてのトークンを"
        "受け入れます。"
    ),
    # エラー: .user は貼り付けた人向け、.admin は decode-bot の管理者向け
    "error.truncated.user": (
        "このエンコードされたメッセージは途中で切れています ({length} 文字。完全なものは 500〜1,600 文字です)。エラー全体を"
        "もう一度コピーしてください。CloudFormation のイベント一覧や一部のログビューアーでは短縮されます。"
    ),
    "error.no_token.user": (
        "エラーにはエンコードされた認可失敗メッセージがあると書かれていますが、メッセージ本体がないか、プレースホルダーに"
        "置き換えられています。元のエラーテキストを貼り付けてください。"
    ),
    "error.invalid_token.user": (
        "AWS はここではこのメッセージをデコードできませんでした。decode-bot が動作しているアカウント以外の AWS アカウント"
        "のものである可能性が高いです (不完全か期限切れの場合もあります)。エラーが起きたアカウントで次のコマンドを実行し、"
        "その出力をこのスレッドに貼り付けてください。デコード済みの出力なら decode-bot は AWS にアクセスせずに説明できます。"
    ),
    "error.account_not_in_scope.user": (
        "この会話では、decode-bot がアカウント {account}でデコードした内容を表示できません。管理者がチャンネルとユーザーグループ"
        "ごとにデコードできるアカウントを制限しており (ACCOUNT_SCOPES)、ここでは {count} 個のアカウントです。そのアカウントを"
        "デコードできる場所に貼り付けるか、そのアカウントで次のコマンドを自分で実行し、その出力をここに貼り付けてください "
        "(デコード済みの出力なら AWS にアクセスせずに説明できます)。"
    ),
    "error.account_not_configured.user": (
        "decode-bot はアカウント {account}ではデコードしないため、AWS には照会していません。decode-bot がデコードに使うのは、"
        "管理者が設定した {count} 個のアカウントだけです。アカウント {account}で次のコマンドを実行し、その出力をこのスレッドに"
        "貼り付けるか (デコード済みの出力なら AWS にアクセスせずに説明できます)、decode-bot の管理者にそのアカウントの追加を"
        "依頼してください。"
    ),
    "error.not_in_accounts.user": (
        "decode-bot がデコードに使う {count} 個の AWS アカウントのどれでも、このメッセージをデコードできませんでした。"
        "別のアカウントのものです (不完全か期限切れの場合もあります)。エラーが起きたアカウントで次のコマンドを実行し、"
        "その出力をこのスレッドに貼り付けるか (デコード済みの出力なら AWS にアクセスせずに説明できます)、decode-bot の"
        "管理者にそのアカウントの追加を依頼してください。"
    ),

    "error.access_denied.user": "decode-bot は現在メッセージをデコードできません。",
    "error.access_denied.admin": (
        "ボットのアイデンティティ {identity}に sts:DecodeAuthorizationMessage のアクセス許可がありません。"
        "\"sts:DecodeAuthorizationMessage\" を \"*\" に対して許可するポリシーをアタッチし (deploy/iam/ を参照)、"
        "`decode-bot doctor` を実行してください。"
    ),
    "error.throttled.user": "{service}が decode-bot のリクエストをスロットリングしています。1 分ほど待ってから再試行してください。",
    "error.throttled.admin": (
        "{service}が 3 回続けて Throttling を返しました。アカウントのリクエストレートはワークロードと共有されています。"
    ),
    "error.timeout.user": "{service}が時間内に応答しませんでした。少し待ってから再試行してください。",
    "error.timeout.admin": "{service}が STS_TIMEOUT_SECONDS 以内に応答しませんでした。そこへのネットワーク経路を確認してください。",
    "error.connection.user": "decode-bot が {service}に接続できませんでした。少し待ってから再試行してください。",
    "error.connection.admin": (
        "{region}の {service}に接続できませんでした。エンドポイント (または AWS_ENDPOINT_URL_<SERVICE> 変数) への"
        "ネットワークアクセスを確認してください。"
    ),
    "error.no_credentials.user": "decode-bot に AWS の認証情報が設定されていないため、まだメッセージをデコードできません。",
    "error.no_credentials.admin": (
        "AWS の認証情報が見つかりません。デコードには、トークンのアカウントで sts:DecodeAuthorizationMessage "
        "(これだけ) を許可された ID が必要です。標準の認証情報チェーン (AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY、"
        "AWS_PROFILE、またはコンテナやインスタンスのロール) で設定し、`decode-bot doctor` を実行してください。"
    ),
    "error.bad_credentials.user": "decode-bot の AWS 認証情報が拒否されたため、メッセージをデコードできません。",
    "error.bad_credentials.admin": (
        "STS がボットの認証情報を拒否しました (無効または期限切れ)。認証情報を更新し、`decode-bot doctor` を実行してください。"
    ),
    "error.expired_credentials.user": "decode-bot の AWS 認証情報の有効期限が切れたため、メッセージをデコードできません。",
    "error.expired_credentials.admin": (
        "ボットの認証情報の有効期限が切れ、更新もできませんでした。認証情報を更新し、`decode-bot doctor` を実行してください。"
    ),
    "error.assume_role_failed.user": "decode-bot がデコード用のロールを引き受けられなかったため、現在メッセージをデコードできません。",
    "error.assume_role_failed.admin": (
        "{identity}に対する sts:AssumeRole が失敗しました。ボットの基本のアイデンティティに DECODER_ROLE_ARN への "
        "sts:AssumeRole を許可し、ロールの信頼ポリシーでそのアイデンティティを信頼してください。"
    ),
    "error.unexpected.user": "{service}から予期しない応答がありました。しばらくしてから再試行してください。",
    "error.unexpected.admin": "{service}が decode-bot の知らないエラーを返しました。エラーコードはログにあります。",
    "error.internal.user": "この部分の説明中に decode-bot でエラーが発生しました。原因は管理者がログで確認できます。",
    "error.internal.admin": "内部エラーのため decode-bot は入力を説明できませんでした。エラーの種類はログにあります。",
    "service.sts": "AWS STS",
    "service.iam": "AWS IAM (ポリシーシミュレーター)",
    "service.access_analyzer": "IAM Access Analyzer",
    "error.principal_not_found.user": "IAM はこのプリンシパルをアカウント内に見つけられません。削除されたか、パスが異なる可能性があります。",
    "error.cut_by_cloudtrail.user": (
        "CloudTrail がこのレコードのエラーメッセージを 1 KB で切り詰めたため、含まれるエンコード済みトークンは不完全で、STS には送っていません。"
        "拒否の理由は不明です。以下はレコード自体からわかる内容です。完全なトークンは、失敗したツール自身の出力から取得するか、"
        "AWS CLI の --debug オプションを付けて呼び出しをもう一度実行してください。"
    ),
    "service.iam_toolbox": "AWS IAM (認可の詳細)",
    "error.authorization_not_found.user": (
        "この認可 ID の詳細は AWS にありません。詳細は少なくとも 24 時間保持されますが、リクエストが拒否されたアカウント"
        "または組織からしか参照できません。decode-bot は別のアカウントで動作している可能性があります。"
    ),
    "error.invalid_authorization_id.user": "この認可 ID は有効ではありません。エラーからもう一度コピーしてください。",
    "error.details_access_denied.user": "decode-bot は現在認可 ID を参照できません。",
    "error.details_access_denied.admin": (
        "ボットのアイデンティティ {identity}に iam:GetRequestAuthorizationDetails のアクセス許可がありません。デコード用の"
        "ポリシーに追加し (deploy/iam/ を参照)、`decode-bot doctor` を実行してください。"
    ),
    "error.unparseable.user": "デコードされたメッセージが decode-bot の理解できない形式のため、説明できません。",
    "error.damaged.user": (
        "デコード済みの認可メッセージのようですが、破損がひどく読み取れません (途中で切れているか、エディターで変形"
        "しています)。`aws sts decode-authorization-message` の出力をプレーンテキストとしてもう一度貼り付けてください。"
    ),
    # 表示用のラベル
    "label.who": "誰が",
    "label.action": "アクション",
    "label.resource": "リソース",
    "label.context": "リクエストコンテキスト",
    "label.statements": "一致したステートメント",
    "label.not_actions": "次を除くすべてのアクション",
    "label.not_resources": "次を除くすべてのリソース",
    "label.next_steps": "次のステップ",
    "label.what_to_do": "対応方法",
    "label.details": "詳細",
    "label.ref": "参照",
    "label.who_short": "プリンシパル",
    "label.resource_short": "リソース",
    "label.decoded_in": "アカウント {account}でデコード",
    "warning.lookalike": (
        "⚠ {value}には {character}が含まれています。ラテン文字に見えますが別の文字で、見た目どおりの名前ではありません "
        "(AWS の名前にこの文字は使われません)。このエラーが本当はどこから来たのかを確認してください。"
    ),
    "label.unverified": "貼り付けられた内容に基づく説明 (AWS には照会していません)",
    "label.fix": "推奨するポリシーステートメント",
    "label.actions": "アクション",
    "label.resources": "リソース",
    "label.conditions": "条件",
    "label.request": "このリクエスト",
    "label.not_in_request": "値なし",
    "label.no_sid": "(Sid なし)",
    "label.error": "説明できませんでした",
    "label.admin": "管理者向け",
    "label.token": "トークン",
    "label.related": "あわせて確認 (暗号化されたボリューム)",
    "label.access_level": "アクセスレベル",
    "label.reference": "リファレンス",
    "label.resource_type": "リソースタイプ",
    "label.more_values": "ほか {count} 件",
    "label.checks": "IAM が評価した内容",
    "label.policy": "ポリシー",
    "check.effect.ALLOW": "許可",
    "check.effect.NO_IMPACT": "影響なし",
    "check.effect.IMPLICIT_DENY": "許可するものなし (暗黙的な拒否)",
    "check.effect.EXPLICIT_DENY": "明示的な拒否",
    "check.effect.UNKNOWN": "decode-bot の知らない結果",
    "check.kind.service_control_policy": "サービスコントロールポリシー (SCP)",
    "check.kind.resource_control_policy": "リソースコントロールポリシー (RCP)",
    "check.kind.permissions_boundary": "アクセス許可の境界",
    "check.kind.session_policy": "セッションポリシー",
    "check.kind.identity_policy": "プリンシパルのポリシー",
    "check.kind.resource_policy": "リソースのポリシー",
    "check.kind.vpc_endpoint_policy": "VPC エンドポイントポリシー",
    "check.kind.unknown": "decode-bot の知らないチェック",
    "slack.left_out": "このメッセージにあるエラーのうち {count} 件は省略しました。別々に貼り付けてください。",
    "slack.shortened": (
        "Slack に収まるように回答を短くしました。エラーを 1 件ずつ貼り付けるか、/decode を使うと、すべての詳細を含む回答を"
        "自分だけに表示できます。"
    ),
    "slack.help": (
        "*decode-bot* は、_Encoded authorization failure message_ を含む AWS のアクセス拒否エラーを説明します。\n"
        "• decode-bot が参加しているチャンネルにエラー全体を貼り付けると、そのスレッドで回答します。\n"
        "• `/decode <エラーテキストまたはトークン>` は、どのチャンネルでもあなただけに回答します。`/decode` だけを"
        "入力すると、長い貼り付け用のフォームが開きます。\n"
        "• どのメッセージでも、メッセージショートカット「*Explain this AWS error*」を使えます。\n"
        "• 3,000 文字を超える場合は、decode-bot が参加しているチャンネルにログをファイルかスニペットとして投稿するか、"
        "ターミナルで `decode-bot explain < error.txt` を実行してください。"
    ),
    "form.title": "AWS エラーの説明",
    "form.submit": "説明する",
    "form.close": "キャンセル",
    "form.label": "エラー全体 (または aws sts decode-authorization-message の出力) を貼り付けてください",
    "form.hint": "3,000 文字まで。回答はこの会話で (または DM で) あなただけに表示されます。",
    "home.explain": "AWS のエラーを説明する",
    "home.fix": "対処: {fix}",
    "home.title": "decode-bot",
    "home.languages": "回答は英語または日本語です。個別の回答は Slack の言語設定に従い、スレッドでは {lang}を使います。",
    "home.status": "*状態* (`decode-bot doctor` と同じ確認。最大 {age} 前の結果):",
    "home.status_pending": "*ステータス*: 現在確認中です (`decode-bot doctor` と同じ確認)。終わり次第このタブに表示します。",
    "home.no_status": "ボットの状態は、利用を許可された人にだけ表示されます。",
    "slack.nothing_found": (
        "そのテキストには、エンコードされた認可失敗メッセージ (またはデコード済みのメッセージ) が見つかりませんでした。"
        "_Encoded authorization failure message:_ の後ろの部分も含めて、エラー全体を貼り付けてください。"
    ),
    "slack.failed": "このメッセージの説明中に問題が発生しました。もう一度お試しください。",
    "slack.busy": "現在多くのリクエストに回答しています。1 分ほどしてからもう一度貼り付けてください。",
    "slack.not_posted": (
        "このスレッドに回答を投稿できませんでした (Slack の応答: {error})。チャンネルに招待するか、エラーを添えて "
        "`/decode` を使うと、回答を自分だけに表示できます。"
    ),
    "admin.told": "decode-bot の管理者に連絡済みです。",
    "admin.ask": "decode-bot の運用担当者に、参照 {ref}を添えて連絡してください (担当者は `decode-bot doctor` で対処方法を確認できます)。",
    "admin.notice": "decode-bot の対応が必要です: {problem}",

    "slack.show_details": "詳細を表示",
    "slack.details_elsewhere": (
        "この詳細は別の会話の回答のものです。回答そのものの下にある「*詳細を表示*」を押してください。"
    ),
    "slack.details_expired": "この詳細はもう表示できません。エラーテキストを `/decode` に渡すと、もう一度確認できます。",
    "access.channel": (
        "decode-bot はこのチャンネルでは回答しません。エラーを `/decode` に渡すと、あなただけに見える回答を受け取れます。"
    ),
    "access.user": (
        "申し訳ありませんが、デコードした AWS のエラーは管理者が許可した人にだけ表示されます。アクセスが必要な場合は、AWS "
        "またはプラットフォームの担当チームに相談してください。"
    ),
    "access.external": "申し訳ありませんが、デコードした AWS エラーを個別に表示できるのは、このワークスペースの組織のメンバーだけです。",

    "limit.user": (
        "短時間に多くのデコードが依頼されました (1 分あたり最大 {limit}件)。1 分ほど待ってから、`/decode` でエラーを"
        "もう一度送るか、ここに再投稿してください。"
    ),
    "limit.channel": (
        "このチャンネルから短時間に多くのデコードが依頼されました (1 分あたり最大 {limit}件)。1 分ほど待ってから、"
        "`/decode` でエラーをもう一度送るか、ここに再投稿してください。"
    ),
    "limit.chars": "メッセージが非常に長いため、先頭の {limit} 文字だけを読み取りました。",
    "limit.snippet": "ファイル {name}は {limit} バイトを超えるため読み取りませんでした。エラーの部分だけを貼り付けてください。",
    "cli.no_findings": "入力には、エンコードされた認可失敗メッセージもデコード済みのメッセージも見つかりませんでした。",
}
