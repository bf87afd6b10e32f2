/**
 * The Closeloop job types a process designer may put on a task, with what they do in the
 * center's words. One list feeds the designer's element templates (a designer picks "Send to
 * OA" instead of typing `oa.push`) and `GET /api/processes/job-types`; a unit test keeps it equal
 * to the registered workers (workers/index.ts).
 */
export interface JobTypeEntry {
  /** `zeebe:taskDefinition type`, as a worker registers it. */
  readonly type: string;
  /** Template id suffix; differs from the type when one type has several templates (headers). */
  readonly template: string;
  readonly group: 'work-order' | 'sla' | 'oa' | 'call' | 'callback' | 'campaign';
  readonly label: Localized;
  readonly description: Localized;
  /** Task headers the worker reads (`zeebe:taskHeaders`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Localized {
  readonly en: string;
  readonly 'zh-CN': string;
}

type Entry = Omit<JobTypeEntry, 'template'> & { template?: string };

const entry = (e: Entry): JobTypeEntry => ({ ...e, template: e.template ?? e.type });

export const JobCatalog: readonly JobTypeEntry[] = [
  entry({ type: 'ticket.route', group: 'work-order', label: { en: 'Record routing', 'zh-CN': '记录分派结果' }, description: { en: 'Records the routing decision on the work order and binds it to this instance', 'zh-CN': '把分派决策写入工单并绑定到本流程实例' } }),
  entry({ type: 'ticket.dispatch', group: 'work-order', label: { en: 'Dispatch to department', 'zh-CN': '派单到部门' }, description: { en: 'Dispatches the work order to the routed department and plans its time limit', 'zh-CN': '把工单派给分派的部门并计算时限' } }),
  entry({ type: 'ticket.reopen', group: 'work-order', label: { en: 'Reopen', 'zh-CN': '重新处理' }, description: { en: 'Sends the work order back to handling after an unsatisfied callback', 'zh-CN': '回访不满意时退回部门重新处理' } }),
  entry({ type: 'ticket.escalate', group: 'work-order', label: { en: 'Escalate complaint', 'zh-CN': '升级投诉' }, description: { en: 'Escalates a work order reopened too often or serious', 'zh-CN': '多次重开或严重的工单升级处理' } }),
  entry({ type: 'ticket.close', group: 'work-order', label: { en: 'Close (archive)', 'zh-CN': '归档结单' }, description: { en: 'Closes the work order and stops its clocks', 'zh-CN': '结单归档并停止计时' } }),
  entry({ type: 'ticket.close', template: 'ticket.close-unreachable', group: 'work-order', label: { en: 'Close as unreachable', 'zh-CN': '联系不上结单' }, description: { en: 'Closes the work order noting the customer could not be reached', 'zh-CN': '客户联系不上时结单并注明' }, headers: { closedAs: 'unreachable' } }),
  entry({ type: 'ticket.record-attention', group: 'work-order', label: { en: 'Record urge / supervision', 'zh-CN': '记录催办/督办' }, description: { en: 'Records an urge or a supervision on the work order', 'zh-CN': '在工单上记录催办或督办' } }),
  entry({ type: 'ticket.cancel', group: 'work-order', label: { en: 'Record cancellation', 'zh-CN': '记录撤单' }, description: { en: 'Ends the work order as cancelled', 'zh-CN': '以撤单结束工单' } }),
  entry({ type: 'sla.plan', group: 'sla', label: { en: 'Plan SLA', 'zh-CN': '计算时限' }, description: { en: 'Computes warning and due dates on the business calendar', 'zh-CN': '按工作日历计算预警和到期时间' } }),
  entry({ type: 'sla.warn', group: 'sla', label: { en: 'SLA warning', 'zh-CN': '时限预警' }, description: { en: 'Warns the handlers that the time limit is near', 'zh-CN': '时限将到时提醒处理人' } }),
  entry({ type: 'sla.breach', group: 'sla', label: { en: 'SLA breached', 'zh-CN': '超时' }, description: { en: 'Records that the time limit passed', 'zh-CN': '记录已超过时限' } }),
  entry({ type: 'sla.pause', group: 'sla', label: { en: 'Pause SLA clock', 'zh-CN': '暂停计时' }, description: { en: 'Pauses a clock while the center waits for the customer', 'zh-CN': '等待客户时暂停计时' } }),
  entry({ type: 'sla.stop', group: 'sla', label: { en: 'Stop SLA clock', 'zh-CN': '停止计时' }, description: { en: 'Stops a clock and records whether it was met', 'zh-CN': '停止计时并记录是否按时' } }),
  entry({ type: 'sla.escalate', group: 'sla', label: { en: 'Escalate late work', 'zh-CN': '超时升级' }, description: { en: 'Tells the next level of supervisors about a late work order', 'zh-CN': '通知上一级主管超时工单' } }),
  entry({ type: 'sla.open-supervision', group: 'sla', label: { en: 'Open supervision', 'zh-CN': '发起督办' }, description: { en: 'Opens a supervision order for a late work order', 'zh-CN': '为超时工单发起督办单' } }),
  entry({ type: 'oa.push', group: 'oa', label: { en: 'Send to OA', 'zh-CN': '推送到OA' }, description: { en: 'Pushes the work order to the department\'s OA system (signed webhook)', 'zh-CN': '通过签名的Webhook把工单推送到部门的OA系统' } }),
  entry({ type: 'oa.chase', group: 'oa', label: { en: 'Chase OA', 'zh-CN': '催办OA' }, description: { en: 'Reminds the OA system and tells supervisors when it has not answered', 'zh-CN': 'OA未回单时催办并通知主管' } }),
  entry({ type: 'call.originate', group: 'call', label: { en: 'Place call', 'zh-CN': '发起外呼' }, description: { en: 'Places a call through the telephony system', 'zh-CN': '通过话务系统发起外呼' } }),
  entry({ type: 'call.hang-up', group: 'call', label: { en: 'Hang up call', 'zh-CN': '挂断通话' }, description: { en: 'Hangs up a call that is still running', 'zh-CN': '挂断仍在进行的通话' } }),
  entry({ type: 'callback.plan', group: 'callback', label: { en: 'Plan callback', 'zh-CN': '安排回访' }, description: { en: 'Plans the next callback attempt within the calling windows', 'zh-CN': '在允许的呼叫时段内安排下一次回访' } }),
  entry({ type: 'callback.pause-clocks', group: 'callback', label: { en: 'Pause clocks for callback', 'zh-CN': '回访期间暂停计时' }, description: { en: 'Pauses the work order\'s clocks while the customer is called back', 'zh-CN': '回访客户期间暂停工单计时' } }),
  entry({ type: 'callback.resume-clocks', group: 'callback', label: { en: 'Resume clocks', 'zh-CN': '恢复计时' }, description: { en: 'Resumes the work order\'s clocks after the callback', 'zh-CN': '回访结束后恢复工单计时' } }),
  entry({ type: 'callback.record-attempt', group: 'callback', label: { en: 'Record callback attempt', 'zh-CN': '记录回访尝试' }, description: { en: 'Records how a callback attempt ended', 'zh-CN': '记录一次回访尝试的结果' } }),
  entry({ type: 'callback.send-survey', group: 'callback', label: { en: 'Send e-mail survey', 'zh-CN': '发送邮件回访' }, description: { en: 'Sends the customer a satisfaction survey by e-mail', 'zh-CN': '通过邮件向客户发送满意度调查' } }),
  entry({ type: 'callback.finish', group: 'callback', label: { en: 'Finish callback', 'zh-CN': '结束回访' }, description: { en: 'Records the callback\'s outcome on the work order', 'zh-CN': '把回访结果写入工单' } }),
  entry({ type: 'campaign.launch-wave', group: 'campaign', label: { en: 'Launch campaign wave', 'zh-CN': '启动外呼批次' }, description: { en: 'Starts the next wave of contacts of a campaign', 'zh-CN': '启动活动的下一批联系人' } }),
  entry({ type: 'campaign.plan-attempt', group: 'campaign', label: { en: 'Plan campaign attempt', 'zh-CN': '安排外呼尝试' }, description: { en: 'Checks the calling rules and plans the next attempt', 'zh-CN': '检查外呼规则并安排下一次尝试' } }),
  entry({ type: 'campaign.record-attempt', group: 'campaign', label: { en: 'Record campaign attempt', 'zh-CN': '记录外呼结果' }, description: { en: 'Records how a campaign call ended', 'zh-CN': '记录一次外呼的结果' } }),
  entry({ type: 'campaign.check-finished', group: 'campaign', label: { en: 'Check campaign finished', 'zh-CN': '检查活动是否完成' }, description: { en: 'Tells whether every contact of the campaign is done', 'zh-CN': '判断活动的联系人是否都已完成' } }),
  entry({ type: 'campaign.finish', group: 'campaign', label: { en: 'Finish campaign', 'zh-CN': '结束活动' }, description: { en: 'Marks the campaign finished', 'zh-CN': '把活动标记为完成' } }),
  entry({ type: 'campaign.stop', group: 'campaign', label: { en: 'Stop campaign', 'zh-CN': '停止活动' }, description: { en: 'Stops the campaign\'s remaining contacts', 'zh-CN': '停止活动中剩余的联系人' } }),
];
