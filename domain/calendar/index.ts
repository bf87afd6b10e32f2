/** Business calendars and the working time SLA limits are counted in. */
export { BusinessCalendarSchema, type BusinessCalendar, type WorkingInterval } from './business-calendar';
export { addWorkingMinutes, MAX_DAYS_WITHOUT_WORK, workingMinutesBetween } from './working-time';
