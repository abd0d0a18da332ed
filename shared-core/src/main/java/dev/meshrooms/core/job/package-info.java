/**
 * The durable jobs' worker: one db-scheduler per process, on the global database, running the tasks each kind of job
 * (room moves, imports of pushed bundles) hands it.
 */
package dev.meshrooms.core.job;
