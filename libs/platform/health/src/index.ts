export { HealthModule } from './health.module';
export { HealthRegistry, type ReadinessCheck, type ReadinessReport } from './health.registry';
export { MetricsService } from './metrics.service';
export { installHttpMetrics } from './http-metrics.hook';
