/**
 * SmallRye Reactive Messaging adapters: alert transitions out to RabbitMQ and MQTT through durable outboxes,
 * readings in from RabbitMQ and MQTT through the same validated ingest path as HTTP, with refused records
 * sent to a dead-letter destination with their reasons. Every channel is off unless enabled in configuration.
 */
package io.rtda.functions.delivery;
