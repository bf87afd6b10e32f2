/** Business calendars and the working time SLA limits are counted in. */
export { BusinessCalendarSchema, WorkingHoursSchema, type BusinessCalendar, type WorkingInterval } from './business-calendar';
export { addWorkingMinutes, calendarDays, MAX_DAYS_WITHOUT_WORK, workingMinutesBetween, type CalendarDays, type Span } from './working-time';
