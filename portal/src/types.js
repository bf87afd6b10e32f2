// @ts-check
/**
 * Shapes of the API's answers the portal reads (the contract of issue 3). Type-only module:
 * `tsc -p portal` checks the pages against them.
 */

/** @typedef {'agent' | 'handler' | 'supervisor' | 'designer' | 'auditor' | 'admin'} Role */

/**
 * @typedef {object} User
 * @property {string} username
 * @property {string} displayName
 * @property {Role[]} roles
 * @property {string} unitId
 * @property {string | null} departmentId
 * @property {'all' | string[]} [departments] the departments the user supervises or handles for
 */

/**
 * @typedef {object} Session
 * @property {string} token
 * @property {string} expiresAt
 * @property {User} user
 */

/**
 * @typedef {object} Unit
 * @property {string} unitId
 * @property {string} name
 * @property {'center' | 'department' | 'team'} kind
 * @property {string | null} parentId
 * @property {boolean} [disabled] an admin disabled it: kept for names, offered for no new work
 */

/**
 * @typedef {object} Problem RFC 9457 problem details with the API's stable `code`.
 * @property {string} [type]
 * @property {string} title
 * @property {number} status
 * @property {string} [detail]
 * @property {string} [code]
 * @property {{ path: string, line?: number, message: string }[]} [errors]
 */

/**
 * @typedef {'pending' | 'routing' | 'dispatched' | 'returned' | 'in-progress' | 'collaborating'
 *   | 'in-review' | 'verifying' | 'closed' | 'cancelled'} WorkOrderStatus
 */

/**
 * @typedef {object} HistoryEntry
 * @property {string} at
 * @property {string} action
 * @property {string} by
 * @property {string | null} from
 * @property {string | null} to
 * @property {string | null} note
 * @property {string | null} [elementId]
 */

/**
 * @typedef {object} Collaboration
 * @property {string} department
 * @property {string} request
 * @property {string} [requestedBy]
 * @property {string} [requestedAt]
 * @property {string | null} feedback
 * @property {string | null} by
 * @property {string | null} at
 */

/**
 * @typedef {object} Feedback The handling department's answer.
 * @property {string} text
 * @property {string} by
 * @property {string} at
 */

/**
 * @typedef {object} Attention An urge (催办) or a supervision (督办).
 * @property {string} attentionId
 * @property {string} kind
 * @property {string} by
 * @property {string | null} note
 * @property {string} at
 */

/**
 * @typedef {object} OpenTask
 * @property {string} taskId
 * @property {string} step BPMN element id, e.g. Activity_Accept
 * @property {string} stepName
 * @property {string[]} candidateGroups
 * @property {string | null} assignee
 * @property {string} createdAt
 */

/**
 * @typedef {object} CallbackSummary An automated callback of the work order (customer-callback).
 * @property {string} callbackId
 * @property {string} mode ivr or preview
 * @property {string} state planned, waiting, calling, survey, finished
 * @property {string} stage in words, e.g. "calling back (attempt 2)"
 * @property {string} startedAt
 * @property {string | null} waitingUntil
 * @property {{ n: number, at: string, outcome: string, answer: string | null }[]} attempts
 * @property {{ sentAt: string, expiresAt: string, answeredAt: string | null } | null} survey
 * @property {{ outcome: 'satisfied' | 'not-satisfied' | 'unreachable', reason: string | null, at: string } | null} result
 */

/**
 * @typedef {object} WorkOrder
 * @property {string} workOrderId
 * @property {WorkOrderStatus} status
 * @property {string} type
 * @property {string} category
 * @property {string} description
 * @property {string} [contactId]
 * @property {{ customerId: string, name: string, tier: string, region: string, phone: string }} customer
 * @property {string} channel
 * @property {string} ownerAgentId
 * @property {string | null} department
 * @property {string | null} priority
 * @property {string | null} timeLimitClass
 * @property {'standard' | 'vip' | null} flow
 * @property {string | null} dueAt
 * @property {boolean} overdue
 * @property {number} reopenCount
 * @property {number} urgeCount
 * @property {number} superviseCount
 * @property {boolean} escalated
 * @property {string | null} handlerId
 * @property {Feedback | string | null} feedback
 * @property {Collaboration[]} collaborations
 * @property {Attention[]} [attentions] urges and supervision, newest last
 * @property {{ reason: string, by: string, at: string } | null} [cancellation]
 * @property {{ since: string, reason: string, by: string } | null} [waitingForCustomer] set while the SLA clocks stand still
 * @property {CallbackSummary[]} [callbacks] automated callbacks, oldest first
 * @property {'resolved' | 'unreachable' | null} [closedAs] how a closed work order closed
 * @property {{ workOrderId: string, relation: string }[]} links
 * @property {{ commentId: string, text: string, by: string, at: string }[]} [comments]
 * @property {{ attachmentId: string, fileName: string, contentType: string, sizeBytes: number, by: string, at: string }[]} [attachments]
 * @property {HistoryEntry[]} history
 * @property {OpenTask[]} openTasks
 * @property {string[]} allowedActions exactly the actions the caller may take now
 * @property {string} createdAt
 * @property {string} updatedAt
 */

/**
 * @typedef {Omit<WorkOrder, 'history' | 'openTasks' | 'collaborations'>} WorkOrderSummary
 */

/**
 * @typedef {object} Progress
 * @property {string} processId
 * @property {string} bpmnXml
 * @property {string[]} activeElementIds
 * @property {string[]} completedElementIds
 * @property {string[]} [completedFlowIds]
 */

/**
 * @typedef {object} InboxTask
 * @property {string} taskId
 * @property {string} workOrderId
 * @property {string} step
 * @property {string} stepName
 * @property {string[]} candidateGroups
 * @property {string | null} assignee
 * @property {string} createdAt
 * @property {string | null} dueAt
 * @property {{ type: string, category: string, customerTier: string, priority: string | null,
 *   status: WorkOrderStatus, description: string, overdue: boolean }} workOrder
 */

/**
 * @typedef {object} PreviewTask A customer handed to agents for preview dialing (GET /api/preview-queue).
 * @property {string} taskId
 * @property {'callback' | 'campaign'} kind
 * @property {string} title
 * @property {string | null} script
 * @property {number} attempt 1-based
 * @property {'survey' | 'offer'} answers what to record once the customer is reached
 * @property {string[]} answerChoices
 * @property {string} chainId
 * @property {string | null} campaignId
 * @property {string} phone
 * @property {string | null} custId
 * @property {{ name: string | null, fields: Record<string, string> }} listed
 * @property {{ name: string, tier: string, lineStatus: string } | null} customer
 * @property {{ workOrderId: string, type: string, category: string, feedback: string | null } | null} workOrder
 * @property {string} createdAt
 * @property {string | null} claimedBy
 * @property {string | null} callableUntil the calling window's end: no dialing after it
 * @property {string | null} claimedUntil
 * @property {string | null} callId
 */

/**
 * @typedef {object} Call A call placed through the telephony system (GET /api/calls/:id).
 * @property {string} callId
 * @property {'originating' | 'dialing' | 'ringing' | 'answered' | 'ended'} state
 * @property {string | null} outcome
 * @property {string | null} causeText
 */

/**
 * @typedef {object} Contact
 * @property {string} contactId
 * @property {string} customerId
 * @property {string} customerName
 * @property {string} customerTier
 * @property {string} region
 * @property {string} phone
 * @property {string} channel
 * @property {string} summary
 */

/** @typedef {'acceptance' | 'handling' | 'review' | 'verification' | 'resolution'} ClockKind */
/** @typedef {'running' | 'paused' | 'met' | 'late' | 'cancelled'} ClockState */
/** @typedef {{ id: string, version: number }} VersionRef */

/**
 * @typedef {object} SlaClock One SLA clock of a work order (GET /api/sla/work-orders/:id).
 * @property {string} clockId
 * @property {ClockKind} kind
 * @property {string | null} stepElementId the work-order step it measures (work-order.bpmn)
 * @property {ClockState} state
 * @property {VersionRef} policy
 * @property {VersionRef} calendar
 * @property {number} targetMinutes working minutes
 * @property {string} startedAt
 * @property {string} dueAt
 * @property {{ percent: number, at: string, sent: boolean }[]} warnings
 * @property {{ level: number, at: string, reached: boolean }[]} ladder
 * @property {{ from: string, to: string | null, workingMinutes?: number | null }[]} pauses
 *   `workingMinutes` when the API offers it; the wall-clock span otherwise
 * @property {string | null} breachedAt
 * @property {number} levelReached
 * @property {string | null} stoppedAt
 * @property {number | null} latenessMs
 * @property {string} processInstanceKey
 */

/**
 * @typedef {object} SlaJournalEntry One line of a clock's journal.
 * @property {string} entryId
 * @property {string} clockId
 * @property {string} kind
 * @property {string} event planned, warned, paused, resumed, replanned, breached, escalated, met, late, cancelled
 * @property {string} at when the platform wrote it
 * @property {string} elementId element of sla-clock.bpmn or escalation.bpmn
 * @property {number | null} targetMinutes
 * @property {{ dueAt: string } | null} plan
 * @property {number | null} percent
 * @property {number | null} level
 * @property {string | null} dueAt the planned instant of a warning, breach or level
 * @property {string | null} firedAt when the platform saw the timer fire
 * @property {string | null} occurredAt when a pause, resume or stop happened
 * @property {string | null} cause
 * @property {string | null} by
 */

/**
 * @typedef {object} WorkOrderSla
 * @property {string} workOrderId
 * @property {{ policy: VersionRef, calendar: VersionRef, pinnedAt: string, replans: number } | null} pin
 * @property {SlaClock[]} clocks
 * @property {SlaJournalEntry[]} journal
 * @property {{ clock: string, escalation: string }} diagrams BPMN XML of sla-clock.bpmn and escalation.bpmn
 */

/**
 * @typedef {object} ComplianceRow
 * @property {string | null} group department, type, tier or kind; null: no department recorded
 * @property {number} finished met + late
 * @property {number} met
 * @property {number} late
 * @property {number} cancelled
 * @property {number | null} metRate 0..1
 * @property {number | null} averageLatenessMinutes
 * @property {number | null} p90LatenessMinutes
 * @property {number | null} maxLatenessMinutes
 * @property {number} overdueNow
 */

/** @typedef {'department' | 'type' | 'tier' | 'kind'} ComplianceGrouping */

/**
 * @typedef {object} ComplianceReport
 * @property {{ from: string, to: string }} period
 * @property {ComplianceGrouping} groupBy
 * @property {ClockKind | 'all'} kind
 * @property {string} generatedAt
 * @property {{ departments: 'all' | string[] }} scope
 * @property {ComplianceRow[]} groups
 * @property {ComplianceRow} total
 */

/**
 * @typedef {object} Breach
 * @property {string} workOrderId
 * @property {string} clockId
 * @property {ClockKind} kind
 * @property {string | null} stepElementId
 * @property {string | null} stepName
 * @property {string | null} department
 * @property {string} type
 * @property {string} tier
 * @property {string | null} priority
 * @property {VersionRef} policy
 * @property {number} targetMinutes
 * @property {string} startedAt
 * @property {string} dueAt
 * @property {string} breachedAt
 * @property {number} levelReached
 * @property {number} levels
 * @property {ClockState} state
 * @property {string | null} stoppedAt
 * @property {number} latenessMinutes
 * @property {boolean} ongoing
 */

/**
 * @typedef {object} BreachList
 * @property {{ from: string, to: string }} period
 * @property {string} generatedAt
 * @property {{ departments: 'all' | string[] }} scope
 * @property {number} total
 * @property {boolean} truncated
 * @property {Breach[]} items
 */

/**
 * @typedef {object} MailboxSummary A message the local mail peer received.
 * @property {string} id
 * @property {string} receivedAt
 * @property {{ from: string, to: string[] }} envelope
 * @property {string} from
 * @property {string[]} to
 * @property {string} subject
 * @property {string | null} date
 * @property {string | null} messageId
 */

/** @typedef {MailboxSummary & { text: string | null, html: string | null }} MailboxMessage */

/**
 * @typedef {object} DeadLetter A notification the mail drainer gave up on.
 * @property {string} key
 * @property {string} kind
 * @property {string | null} workOrderId
 * @property {string} subject
 * @property {'pending' | 'sent' | 'dead-letter'} state
 * @property {number} attempts
 * @property {string | null} lastError
 * @property {string} createdAt
 * @property {string | null} deadLetteredAt
 * @property {{ employeeId: string, email: string, language: string, state: string, response: string | null }[]} recipients
 * @property {{ employeeId: string, reason: string }[]} skipped
 * @property {{ at: string, event: string, by: string, detail: string }[]} journal
 */

/**
 * @template T
 * @typedef {{ items: T[], total: number, page: number, pageSize: number }} Page one page of a list
 */

/** @typedef {{ id: string, outcome: 'queued' | 'already-resent' | 'refused', code?: string, detail?: string }} ResendResult */

/**
 * @typedef {object} OaDeadLetter A push to an OA endpoint given up after the retry window.
 * @property {string} deliveryId
 * @property {string} endpointId
 * @property {string} workOrderId
 * @property {string} type
 * @property {string} state
 * @property {string} createdAt
 * @property {string | null} finishedAt
 * @property {{ at: string, status: number | null, error: string | null, durationMs: number }[]} attempts
 * @property {'refused' | 'unreachable' | null} reason
 * @property {string | null} lastError
 */

/** @typedef {{ secretId: string, masked: string, createdAt: string, retiresAt: string | null }} OaSecret */
/**
 * @typedef {object} OaEndpoint
 * @property {string} endpointId
 * @property {string} name
 * @property {string} url
 * @property {string[]} departments
 * @property {string} answerWithin
 * @property {OaSecret[]} signingSecrets
 * @property {OaSecret[]} verifyingSecrets
 * @property {string} lastRotatedAt
 */

/**
 * @typedef {object} AdminUser
 * @property {string} username
 * @property {string} displayName
 * @property {Role[]} roles
 * @property {string} unitId
 * @property {string | null} departmentId
 * @property {boolean} disabled
 * @property {string | null} email
 * @property {'zh-CN' | 'en'} language
 * @property {string | null} lockedUntil
 */

/** @typedef {{ unitId: string, name: string, kind: 'center' | 'department' | 'team', parentId: string | null, disabled: boolean, activeUsers: number }} AdminUnit */

/** @typedef {'care' | 'retention' | 'payment-reminder' | 'survey' | 'marketing'} CampaignKind */
/** @typedef {'draft' | 'importing' | 'ready' | 'running' | 'paused' | 'stopped' | 'finished'} CampaignState */
/** @typedef {'launch' | 'pause' | 'resume' | 'stop'} CampaignCommand */
/** @typedef {{ start: string, end: string }} TimeRange wall-clock `HH:MM`, the end excluded */
/** @typedef {'stop' | 'next-window' | string} RetryRule `stop`, `next-window` or a wait such as `PT10M` */

/**
 * @typedef {object} CampaignSettings What a manager sets up (domain/campaign/campaign.ts).
 * @property {string} name
 * @property {CampaignKind} kind
 * @property {string} script
 * @property {'preview' | 'automatic'} dialMode
 * @property {{ prompt: string, acceptKey: string }} [ivr] automatic dialing
 * @property {string} departmentId
 * @property {string} [agentTeam] preview dialing
 * @property {{ calendarId: string, workday: TimeRange[], restDay: TimeRange[] }} windows
 * @property {{ attemptCap: number, retry: Record<'no-answer' | 'busy' | 'failed' | 'call-back-later', RetryRule> }} rules
 * @property {{ waveSize: number, every: string }} pacing
 * @property {string} firstDay YYYY-MM-DD
 * @property {string} lastDay YYYY-MM-DD
 */

/**
 * @typedef {object} ListMapping Which columns of the list hold what, by header.
 * @property {string} phone
 * @property {string} [name]
 * @property {string} [custId]
 * @property {string[]} extra
 */

/**
 * @typedef {object} CampaignList The campaign's imported list.
 * @property {string} fileName
 * @property {'csv' | 'xlsx'} format
 * @property {ListMapping} mapping
 * @property {'importing' | 'done' | 'failed'} state
 * @property {number} rows data rows read so far
 * @property {number} [expectedRows] CSV: the rows the file holds
 * @property {number} eligible
 * @property {Record<string, number>} filtered by reason
 * @property {string} startedAt
 * @property {string | null} finishedAt
 * @property {string} [errorCode]
 * @property {string} [error]
 */

/**
 * @typedef {object} CampaignProgress
 * @property {number} eligible
 * @property {number} filtered
 * @property {number} launched
 * @property {number} attempted
 * @property {number} reached
 * @property {number} success
 * @property {number} done
 * @property {number} remaining
 */

/**
 * @typedef {object} Campaign A campaign as GET /api/campaigns/:id answers it.
 * @property {string} campaignId
 * @property {CampaignState} state
 * @property {CampaignSettings} settings
 * @property {string} createdBy
 * @property {string} createdAt
 * @property {CampaignList | null} list
 * @property {{ launched: number, attempts: number, reached: number, done: number, results: Record<string, number> }} stats
 * @property {CampaignProgress} progress
 * @property {{ at: string, by: string, action: string, note: string | null }[]} history
 */

/**
 * @typedef {object} ListPreview An uploaded list's header and first rows (POST /api/campaigns/list-preview).
 * @property {string} fileName
 * @property {'csv' | 'xlsx'} format
 * @property {string} [encoding]
 * @property {number} bytes
 * @property {number} headerRow
 * @property {string[]} headers
 * @property {string[][]} rows
 * @property {number} [expectedRows]
 * @property {Partial<ListMapping> & { extra: string[] }} suggestedMapping
 */

/**
 * @typedef {object} FilteredRows Rows of a list kept out before any call.
 * @property {Record<string, number>} filtered
 * @property {{ row: number, phone: string, reason: string }[]} items
 * @property {string | null} next
 */

/**
 * @typedef {object} Calendar A business calendar version (GET /api/sla/calendars).
 * @property {string} id
 * @property {number} version
 * @property {string} region
 * @property {string} timeZone
 * @property {Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', TimeRange[]>} weeklyHours
 * @property {string[]} holidays `YYYY-MM-DD`
 * @property {{ date: string, hours?: TimeRange[] }[]} makeUpWorkdays
 * @property {string} comment
 * @property {string} savedBy
 * @property {string} savedAt
 */

/**
 * @typedef {object} CalendarImportPreview What a year's holiday file would change (POST .../import/preview).
 * @property {string} calendarId
 * @property {number} basedOnVersion
 * @property {number} year
 * @property {{ date: string, kind: 'holiday' | 'workday', name: string, line: number }[]} days
 * @property {{ added: string[], removed: string[] }} holidays
 * @property {{ added: string[], removed: string[] }} makeUpWorkdays
 */

/**
 * @typedef {object} SlaPolicy One version of an SLA policy (GET /api/sla/policies).
 * @property {string} policyId
 * @property {string} name
 * @property {{ types?: string[], tiers?: string[], priorities?: string[] }} match absent list: every value
 * @property {Partial<Record<'acceptance' | 'handling' | 'review' | 'verification' | 'resolution', number>>} targets working minutes
 * @property {number[]} warningPercents
 * @property {{ level: number, afterMinutes: number, notify: string, reassign: boolean, raisePriority: boolean, openSupervision: boolean }[]} ladder
 * @property {number} [escalateEveryUrges]
 * @property {string} comment
 * @property {number} version
 * @property {string} savedBy
 * @property {string} savedAt
 */

/** @typedef {{ subject: string, body: string }} MailTemplateText */
/** @typedef {{ 'zh-CN': MailTemplateText, en: MailTemplateText }} MailTemplatePair */
/** @typedef {{ version: number, reset: boolean, comment: string, savedBy: string, savedAt: string }} MailTemplateVersion */
/** @typedef {{ subject: string, text: string, html: string }} RenderedMail */

/**
 * @typedef {object} MailTemplateState A mail template as admins edit it (GET /api/admin/mail-templates).
 * @property {string} name
 * @property {MailTemplatePair} templates what mail is written with now
 * @property {MailTemplatePair} builtIn the default
 * @property {MailTemplateVersion | null} current the override in use; null: the default
 * @property {Record<string, true | string[]>} variables true for a value; item fields for a list
 */

export {};
