/// The console's pages as Mustache templates (swift-mustache escapes every `{{value}}`; only the
/// layout's `{{{body}}}`, a page these templates rendered, is inserted as it is). Labels come
/// from `ConsoleText` as `{{t.key}}`. No script: every page works with the keyboard and forms alone.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "set-password": setPassword, "events": events, "new-event": newEvent, "event": event,
        "certificate": certificate, "deliveries": deliveries, "users": users, "activity": activity, "error": error,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        {{#refresh}}<meta http-equiv="refresh" content="{{refresh}}">{{/refresh}}
        <title>{{title}} · {{siteName}}</title>
        <link rel="stylesheet" href="/static/console.css">
        </head>
        <body>
        <a class="skip" href="#main">{{t.skip}}</a>
        <header class="site"><div class="wrap">
        <span class="site-name">{{siteName}}</span> <span class="site-role">{{t.console}}</span>
        {{#account}}
        <nav aria-label="Console"><ul>
        <li><a href="/">{{t.navEvents}}</a></li>
        {{#mayChange}}<li><a href="/events/new">{{t.navNewEvent}}</a></li>{{/mayChange}}
        {{#isAdmin}}<li><a href="/admin/users">{{t.navUsers}}</a></li>{{/isAdmin}}
        {{#mayAudit}}<li><a href="/activity">{{t.navActivity}}</a></li>{{/mayAudit}}
        </ul></nav>
        <form class="sign-out" method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}">
        <span>{{t.signedInAs}} <bdi>{{email}}</bdi> ({{role}})</span> <button type="submit">{{t.signOut}}</button></form>
        {{/account}}
        </div></header>
        <main id="main" class="wrap">
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let login = """
        <h1>{{t.signInHeading}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#problem}}<p class="problem" role="alert" id="sign-in-problem">{{problem}}</p>{{/problem}}
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="email">{{t.email}}</label><br><input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#problem}} aria-describedby="sign-in-problem"{{/problem}}></p>
        <p><label for="password">{{t.password}}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <p><button type="submit">{{t.signIn}}</button></p>
        </form>
        """

    static let setPassword = """
        <h1>{{t.setPassword}}</h1>
        {{#problem}}<p class="problem" role="alert" id="password-problem">{{problem}}</p>{{/problem}}
        <form method="post" action="/set-password">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="token" value="{{token}}">
        <p><label for="password">{{t.newPassword}}</label><br><input id="password" name="password" type="password" autocomplete="new-password" minlength="12" required{{#problem}} aria-describedby="password-problem"{{/problem}}></p>
        <p><button type="submit">{{t.setPasswordButton}}</button></p>
        </form>
        """

    static let events = """
        <h1>{{t.eventsHeading}}</h1>
        {{^mayChange}}<p class="notice">{{t.readOnly}}</p>{{/mayChange}}
        {{#eventsAny}}
        <table><caption class="visually-hidden">{{t.eventsHeading}}</caption>
        <thead><tr><th scope="col">{{t.eventID}}</th><th scope="col">{{t.title}}</th><th scope="col">{{t.owner}}</th><th scope="col">{{t.added}}</th></tr></thead>
        <tbody>
        {{#events}}<tr><td><a href="/events/{{id}}">{{id}}</a></td><td><bdi>{{title}}</bdi></td><td>{{owner}}</td><td>{{added}}</td></tr>
        {{/events}}
        </tbody></table>
        {{/eventsAny}}
        {{^events}}<p>{{t.noEvents}}</p>{{/events}}
        {{#mayChange}}<p><a class="button" href="/events/new">{{t.navNewEvent}}</a></p>{{/mayChange}}
        """

    static let newEvent = """
        <h1>{{t.newEventHeading}}</h1>
        <p>{{t.newEventFormHelp}}</p>
        {{#formProblem}}<div class="problem" role="alert" id="form-problems"><p>{{t.formProblems}}</p>{{#general}}<p>{{.}}</p>{{/general}}</div>{{/formProblem}}
        <form method="post" action="/events/new" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#fields}}<p><label for="f-{{name}}">{{label}}</label>{{#hasHint}} <span class="hint" id="f-{{name}}-hint">{{hint}}</span>{{/hasHint}}<br>
        {{#isList}}<textarea id="f-{{name}}" name="{{name}}" rows="{{rows}}" cols="70"{{#hasProblem}} aria-invalid="true"{{/hasProblem}}{{#hasDescription}} aria-describedby="{{describedBy}}"{{/hasDescription}}>{{value}}</textarea>{{/isList}}{{#isFlag}}<input id="f-{{name}}" name="{{name}}" type="checkbox" value="yes"{{#checked}} checked{{/checked}}{{#hasProblem}} aria-invalid="true"{{/hasProblem}}{{#hasDescription}} aria-describedby="{{describedBy}}"{{/hasDescription}}>{{/isFlag}}{{#isText}}<input id="f-{{name}}" name="{{name}}" type="text" value="{{value}}"{{#hasProblem}} aria-invalid="true"{{/hasProblem}}{{#hasDescription}} aria-describedby="{{describedBy}}"{{/hasDescription}}>{{/isText}}
        {{#hasProblem}}<br><span class="problem" id="f-{{name}}-problem">{{problem}}</span>{{/hasProblem}}</p>
        {{/fields}}
        <p><label for="form-attendance">{{t.attendanceFile}}</label><br>
        <input id="form-attendance" name="attendance" type="file" accept=".csv,.txt,text/csv" required{{#formAttendanceProblem}} aria-invalid="true" aria-describedby="form-attendance-problem"{{/formAttendanceProblem}}>
        {{#formAttendanceProblem}}<br><span class="problem" id="form-attendance-problem">{{formAttendanceProblem}}</span>{{/formAttendanceProblem}}</p>
        <p><button type="submit">{{t.createEvent}}</button></p>
        </form>
        <h2>{{t.uploadHeading}}</h2>
        <p>{{t.newEventHelp}}</p>
        <form method="post" action="/events" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="event">{{t.eventFile}}</label><br>
        <input id="event" name="event" type="file" accept=".yaml,.yml,text/yaml" required{{#eventProblem}} aria-invalid="true" aria-describedby="event-problem"{{/eventProblem}}>
        {{#eventProblem}}<br><span class="problem" id="event-problem">{{eventProblem}}</span>{{/eventProblem}}</p>
        <p><label for="attendance">{{t.attendanceFile}}</label><br>
        <input id="attendance" name="attendance" type="file" accept=".csv,.txt,text/csv" required{{#attendanceProblem}} aria-invalid="true" aria-describedby="attendance-problem"{{/attendanceProblem}}>
        {{#attendanceProblem}}<br><span class="problem" id="attendance-problem">{{attendanceProblem}}</span>{{/attendanceProblem}}</p>
        <p><button type="submit">{{t.upload}}</button></p>
        </form>
        """

    static let event = """
        <h1><bdi>{{title}}</bdi></h1>
        <p>{{t.eventID}}: <code>{{id}}</code> · {{t.owner}}: {{owner}}{{#sharedAny}} · {{t.sharedWith}}: {{#shared}}<bdi>{{email}}</bdi> {{/shared}}{{/sharedAny}} · {{rule}}</p>
        {{#running}}<p class="notice" role="status">{{#sending}}{{t.sendRunning}}{{/sending}}{{^sending}}{{t.jobRunning}}{{/sending}} {{t.progress}}: {{#known}}<progress max="{{total}}" value="{{done}}">{{done}}/{{total}}</progress> {{done}} / {{total}}{{/known}}{{^known}}<progress>{{t.jobStarting}}</progress> {{t.jobStarting}}{{/known}}</p>{{/running}}
        {{#mayChange}}{{^running}}
        {{#hasDue}}<form method="post" action="/events/{{id}}/issue"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">{{t.issueButtonPrefix}} {{due}} {{#dueIsOne}}{{t.issueButtonSuffixOne}}{{/dueIsOne}}{{^dueIsOne}}{{t.issueButtonSuffix}}{{/dueIsOne}}</button></p></form>{{/hasDue}}
        {{^hasDue}}<p>{{t.nothingToIssue}}</p>{{/hasDue}}
        {{/running}}{{/mayChange}}
        {{#certificatesAny}}{{#mail}}<h2>{{t.mailHeading}}</h2>
        <p>{{t.mailDelivered}}: {{delivered}} · {{t.mailFailed}}: {{failed}} · {{t.mailToSend}}: {{toSend}}{{#logAny}} · <a href="/events/{{id}}/deliveries">{{t.deliveriesLink}}</a>{{/logAny}}</p>
        {{#ready}}<p>{{t.mailRelay}} <code>{{relay}}</code>.</p>
        {{#mayChange}}{{^running}}{{#hasToSend}}<form method="post" action="/events/{{id}}/send"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">{{t.sendButtonPrefix}} {{toSend}} {{#toSendIsOne}}{{t.issueButtonSuffixOne}}{{/toSendIsOne}}{{^toSendIsOne}}{{t.issueButtonSuffix}}{{/toSendIsOne}}</button></p></form>{{/hasToSend}}
        {{#hasFailed}}<form method="post" action="/events/{{id}}/send"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="retry_failed" value="yes"><p><button type="submit">{{t.retryButton}} ({{failed}})</button>{{#hasToSend}} {{t.retryAndUnsent}}{{/hasToSend}}</p></form>{{/hasFailed}}
        {{^hasToSend}}{{^hasFailed}}<p>{{t.nothingToSend}}</p>{{/hasFailed}}{{/hasToSend}}{{/running}}{{/mayChange}}{{/ready}}
        {{^ready}}<p>{{t.mailNotSetUp}}</p>{{/ready}}{{/mail}}{{/certificatesAny}}
        <h2>{{t.previewHeading}}</h2>
        <p><img class="preview" src="/events/{{id}}/preview.png" alt="{{t.previewAlt}} ({{t.template}}: {{template}})"></p>
        {{#jobsAny}}<h2>{{t.jobsHeading}}</h2><ul>{{#jobs}}<li>#{{id}} {{kind}} {{state}} · {{created}} · {{message}}</li>{{/jobs}}</ul>{{/jobsAny}}
        <h2>{{t.reviewHeading}}</h2>
        <h3>{{t.filesHeading}}</h3>
        <ul><li><bdi>{{attendanceFile}}</bdi> ({{t.fileKind_attendance}})</li>{{#files}}<li><bdi>{{name}}</bdi> ({{kind}}){{#mayChange}}{{^running}} <form class="inline" method="post" action="/events/{{id}}/files/{{index}}/remove"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" aria-label="{{t.removeFileButton}}: {{name}}">{{t.removeFileButton}}</button></form>{{/running}}{{/mayChange}}</li>{{/files}}</ul>
        {{#mayChange}}{{^running}}<form method="post" action="/events/{{id}}/files" enctype="multipart/form-data"><input type="hidden" name="csrf" value="{{csrf}}">
        <p>{{t.addFileHelp}}</p>
        <p><label for="file-kind">{{t.fileKind}}</label><br><select id="file-kind" name="kind">{{#fileKinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/fileKinds}}</select></p>
        <p><label for="added-file">{{t.addedFile}}</label><br><input id="added-file" name="file" type="file" accept=".csv,.txt,.tsv,.xlsx,text/csv" required{{#fileProblem}} aria-invalid="true" aria-describedby="added-file-problem"{{/fileProblem}}>
        {{#fileProblem}}<br><span class="problem" id="added-file-problem">{{fileProblem}}</span>{{/fileProblem}}</p>
        <p><button type="submit">{{t.addFileButton}}</button></p></form>{{/running}}{{/mayChange}}
        {{#warningsAny}}<h3>{{t.warnings}}</h3><ul>{{#warnings}}<li>{{text}}</li>{{/warnings}}</ul>{{/warningsAny}}
        <h3>{{t.eligible}} ({{eligibleCount}})</h3>
        {{#eligibleAny}}<table><thead><tr><th scope="col">{{t.line}}</th><th scope="col">{{t.name}}</th><th scope="col">{{t.email}}</th><th scope="col">{{t.minutes}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.why}}</th></tr></thead><tbody>
        {{#eligible}}<tr><td>{{line}}</td><td><bdi>{{name}}</bdi></td><td>{{email}}</td><td>{{minutes}}</td><td>{{#certificate}}<a href="/certificates/{{certificate}}">{{t.alreadyIssued}}</a>{{/certificate}}{{^certificate}}{{t.toIssue}}{{/certificate}}</td><td>{{why}}</td></tr>
        {{/eligible}}</tbody></table>{{/eligibleAny}}
        <h3>{{t.notEligible}} ({{ineligibleCount}})</h3>
        {{#ineligibleAny}}<table><thead><tr><th scope="col">{{t.line}}</th><th scope="col">{{t.name}}</th><th scope="col">{{t.email}}</th><th scope="col">{{t.minutes}}</th><th scope="col">{{t.why}}</th></tr></thead><tbody>
        {{#ineligible}}<tr><td>{{line}}</td><td><bdi>{{name}}</bdi></td><td>{{email}}</td><td>{{minutes}}</td><td>{{why}}</td></tr>
        {{/ineligible}}</tbody></table>{{/ineligibleAny}}
        <h3>{{t.rejectedRows}} ({{rejectedCount}})</h3>
        {{#rejectedAny}}<table><thead><tr><th scope="col">{{t.line}}</th><th scope="col">{{t.problem}}</th></tr></thead><tbody>
        {{#rejected}}<tr><td>{{file}}:{{line}}</td><td>{{message}}</td></tr>
        {{/rejected}}</tbody></table>{{/rejectedAny}}
        <h2>{{t.certificatesHeading}} ({{certificatesCount}})</h2>
        {{#certificatesAny}}<p><a class="button" href="/events/{{id}}/certificates.zip">{{t.downloadZIP}}</a></p>
        <table><thead><tr><th scope="col">{{t.certificateID}}</th><th scope="col">{{t.name}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.issued}}</th><th scope="col">{{t.deliveryColumn}}</th></tr></thead><tbody>
        {{#certificates}}<tr><td><a href="/certificates/{{id}}"><code>{{id}}</code></a></td><td><bdi>{{name}}</bdi></td><td>{{status}}</td><td>{{issued}}</td><td>{{delivery}}</td></tr>
        {{/certificates}}</tbody></table>{{/certificatesAny}}
        {{^certificates}}<p>{{t.noCertificates}}</p>{{/certificates}}
        {{#sharing}}{{#mayShare}}<h2>{{t.sharingHeading}}</h2>
        <p>{{t.sharingHelp}}</p>
        {{#sharedAny}}<ul>{{#shared}}<li><bdi>{{email}}</bdi> <form class="inline" method="post" action="/events/{{id}}/shares/{{accountID}}/remove"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" aria-label="{{t.unshareButton}}: {{email}}">{{t.unshareButton}}</button></form></li>{{/shared}}</ul>{{/sharedAny}}
        <form method="post" action="/events/{{id}}/shares"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="share-email">{{t.shareEmail}}</label><br><input id="share-email" name="email" type="email" required value="{{email}}"{{#problem}} aria-invalid="true" aria-describedby="share-problem"{{/problem}}>
        {{#problem}}<br><span class="problem" id="share-problem">{{problem}}</span>{{/problem}}</p>
        <p><button type="submit">{{t.shareButton}}</button></p></form>{{/mayShare}}{{/sharing}}
        {{#mayChange}}{{#certificatesAny}}{{^running}}<h2>{{t.correctEventHeading}}</h2>
        <p>{{t.correctEventHelp}}</p>
        <form method="post" action="/events/{{id}}/correct" enctype="multipart/form-data"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="correct-event">{{t.correctEventFile}}</label><br>
        <input id="correct-event" name="event" type="file" accept=".yaml,.yml,text/yaml" required{{#correctEventProblem}} aria-invalid="true" aria-describedby="correct-event-problem"{{/correctEventProblem}}>
        {{#correctEventProblem}}<br><span class="problem" id="correct-event-problem">{{correctEventProblem}}</span>{{/correctEventProblem}}</p>
        <p><label for="correct-event-reason">{{t.correctReason}}</label><br>
        <input id="correct-event-reason" name="reason" type="text" maxlength="500" required value="{{correctReason}}"{{#correctReasonProblem}} aria-invalid="true" aria-describedby="correct-event-reason-problem"{{/correctReasonProblem}}>
        {{#correctReasonProblem}}<br><span class="problem" id="correct-event-reason-problem">{{correctReasonProblem}}</span>{{/correctReasonProblem}}</p>
        <p><button type="submit">{{t.correctEventButton}}</button></p></form>{{/running}}{{/certificatesAny}}{{/mayChange}}
        """

    static let certificate = """
        <h1>{{t.certificateHeading}} <code>{{id}}</code></h1>
        <dl>
        <dt>{{t.name}}</dt><dd><bdi>{{name}}</bdi></dd>
        <dt>{{t.title}}</dt><dd><a href="/events/{{eventID}}"><bdi>{{eventTitle}}</bdi></a></dd>
        <dt>{{t.status}}</dt><dd>{{status}}</dd>
        <dt>{{t.issued}}</dt><dd>{{issued}}</dd>
        {{#issuedBy}}<dt>{{t.issuedBy}}</dt><dd><bdi>{{issuedBy}}</bdi></dd>{{/issuedBy}}
        {{#supersedes}}<dt>{{t.corrects}}</dt><dd><a href="/certificates/{{supersedes}}"><code>{{supersedes}}</code></a></dd>{{/supersedes}}
        </dl>
        {{#historyAny}}<h2>{{t.historyHeading}}</h2><table><thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.reason}}</th><th scope="col">{{t.operator}}</th></tr></thead><tbody>
        {{#history}}<tr><td>{{at}}</td><td>{{status}}</td><td>{{reason}}</td><td>{{operator}}</td></tr>
        {{/history}}</tbody></table>{{/historyAny}}
        <h2>{{t.mailHeading}}</h2>
        <p>{{t.email}}: <bdi>{{email}}</bdi> · {{delivery}}</p>
        {{#attemptsAny}}<table><thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.attempt}}</th><th scope="col">{{t.outcome}}</th><th scope="col">{{t.reply}}</th></tr></thead><tbody>
        {{#attempts}}<tr><td>{{at}}</td><td>{{attempt}}</td><td>{{outcome}}</td><td>{{reply}}</td></tr>
        {{/attempts}}</tbody></table>{{/attemptsAny}}
        {{#maySend}}<form method="post" action="/certificates/{{id}}/send"><input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit">{{t.sendAgainButton}}</button></p></form>{{/maySend}}
        {{#mayChange}}
        {{#valid}}<h2>{{t.revokeHeading}}</h2>
        <form method="post" action="/certificates/{{id}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="reason">{{t.reason}}</label><br><select id="reason" name="reason" required>{{#reasons}}<option value="{{code}}">{{words}}</option>{{/reasons}}</select></p>
        <p><label for="note">{{t.note}}</label><br><input id="note" name="note" type="text" maxlength="500"></p>
        <p><button type="submit">{{t.revokeButton}}</button></p></form>{{/valid}}
        {{#revoked}}<h2>{{t.reinstateHeading}}</h2>
        <form method="post" action="/certificates/{{id}}/reinstate"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="reinstate-reason">{{t.reinstateReason}}</label><br><input id="reinstate-reason" name="reason" type="text" maxlength="500" required></p>
        <p><button type="submit">{{t.reinstateButton}}</button></p></form>{{/revoked}}
        {{#mayCorrect}}<h2>{{t.correctHeading}}</h2>
        <p>{{t.correctHelp}}</p>
        <form method="post" action="/certificates/{{id}}/correct"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="correct-name">{{t.name}}</label><br><input id="correct-name" name="name" type="text" maxlength="200" required value="{{name}}"></p>
        <p><label for="correct-job-title">{{t.jobTitle}}</label><br><input id="correct-job-title" name="job_title" type="text" maxlength="200" value="{{jobTitle}}"></p>
        <p><label for="correct-organisation">{{t.organisation}}</label><br><input id="correct-organisation" name="organisation" type="text" maxlength="200" value="{{organisation}}"></p>
        <p><label for="correct-reason">{{t.correctReason}}</label><br><input id="correct-reason" name="reason" type="text" maxlength="500" required></p>
        <p><button type="submit">{{t.correctButton}}</button></p></form>{{/mayCorrect}}
        {{/mayChange}}
        """

    static let deliveries = """
        <h1>{{t.deliveriesHeading}}</h1>
        <p><a href="/events/{{id}}"><bdi>{{eventTitle}}</bdi></a> · {{t.mailDelivered}}: {{delivered}} · {{t.mailFailed}}: {{failed}} · {{t.mailToSend}}: {{toSend}}</p>
        {{#attemptsAny}}<table><caption class="visually-hidden">{{t.deliveriesHeading}}</caption>
        <thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.certificateID}}</th><th scope="col">{{t.name}}</th><th scope="col">{{t.attempt}}</th><th scope="col">{{t.outcome}}</th><th scope="col">{{t.reply}}</th></tr></thead><tbody>
        {{#attempts}}<tr><td>{{at}}</td><td><a href="/certificates/{{id}}"><code>{{id}}</code></a></td><td><bdi>{{name}}</bdi></td><td>{{attempt}}</td><td>{{outcome}}</td><td>{{reply}}</td></tr>
        {{/attempts}}</tbody></table>{{/attemptsAny}}
        {{^attempts}}<p>{{t.noDeliveries}}</p>{{/attempts}}
        """

    static let users = """
        <h1>{{t.usersHeading}}</h1>
        {{#link}}<p class="notice" role="status">{{t.linkOnce}} <code>{{link}}</code></p>{{/link}}
        {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
        <table><thead><tr><th scope="col">{{t.email}}</th><th scope="col">{{t.role}}</th><th scope="col">{{t.state}}</th><th scope="col"><span class="visually-hidden">{{t.disableButton}}</span></th></tr></thead><tbody>
        {{#users}}<tr><td><bdi>{{email}}</bdi></td><td>{{role}}</td><td>{{state}}</td><td>{{^disabled}}<form method="post" action="/admin/users/{{id}}/disable"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" aria-label="{{t.disableButton}} {{email}}">{{t.disableButton}}</button></form>{{/disabled}}</td></tr>
        {{/users}}</tbody></table>
        <h2>{{t.addUserHeading}}</h2>
        <form method="post" action="/admin/users"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="new-email">{{t.email}}</label><br><input id="new-email" name="email" type="email" required></p>
        <p><label for="new-role">{{t.role}}</label><br><select id="new-role" name="role">{{#roles}}<option value="{{.}}">{{.}}</option>{{/roles}}</select></p>
        <p><button type="submit">{{t.addUserButton}}</button></p></form>
        """

    static let activity = """
        <h1>{{t.activityHeading}}</h1>
        <table><thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.what}}</th><th scope="col">{{t.subject}}</th><th scope="col">{{t.detail}}</th></tr></thead><tbody>
        {{#actions}}<tr><td>{{at}}</td><td><bdi>{{who}}</bdi></td><td>{{what}}</td><td><bdi>{{subject}}</bdi></td><td>{{detail}}</td></tr>
        {{/actions}}</tbody></table>
        """

    static let error = """
        <h1>{{t.errorHeading}}</h1>
        <p class="problem" role="alert">{{message}}</p>
        <p><a href="/">{{t.back}}</a></p>
        """
}
