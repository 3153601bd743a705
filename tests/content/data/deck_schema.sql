-- The tables the deck's SQL examples use, with a few rows, so that each example runs on a real
-- PostgreSQL server (tests/content/test_deck_code.py loads this before every SQL block).
CREATE TABLE students (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE courses (id bigint PRIMARY KEY, title text NOT NULL);
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL);
CREATE TABLE newsletter_subscribers (email text NOT NULL);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    total numeric(10, 2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE TABLE orders_staging (LIKE orders);
CREATE TABLE order_items (
    order_id bigint NOT NULL REFERENCES orders (id),
    quantity integer NOT NULL,
    unit_price numeric(10, 2) NOT NULL
);
CREATE TABLE employees (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    manager_id bigint REFERENCES employees (id),
    department_id integer NOT NULL,
    salary numeric(10, 2) NOT NULL,
    active boolean NOT NULL DEFAULT true
);
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE inventory (sku text PRIMARY KEY, quantity integer NOT NULL);
CREATE TABLE documents (id bigint PRIMARY KEY, body text NOT NULL, version integer NOT NULL);
CREATE TABLE dim_date (date_key integer PRIMARY KEY, year integer, month integer);
CREATE TABLE dim_product (product_key integer PRIMARY KEY, category text);
CREATE TABLE fact_sales (date_key integer, product_key integer, amount numeric(12, 2));
CREATE TABLE dim_customer (customer_id bigint PRIMARY KEY, email text, city text);
CREATE TABLE staging_customer (customer_id bigint, email text, city text);

INSERT INTO customers VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bo', 'bo@example.com');
INSERT INTO newsletter_subscribers VALUES ('ann@example.com'), ('cy@example.com');
INSERT INTO orders (id, customer_id, total, created_at) VALUES
    (1, 1, 30, '2026-01-05'), (2, 1, 12.5, '2026-01-20'), (9876, 2, 7, '2026-01-31 10:00:00');
INSERT INTO order_items VALUES (1, 2, 15), (2, 1, 12.5);
INSERT INTO employees VALUES
    (42, 'Dee', NULL, 1, 90000, true), (43, 'Eli', 42, 1, 60000, true),
    (44, 'Fay', 43, 2, 55000, true), (45, 'Gus', 42, 2, 48000, false);
INSERT INTO users VALUES (1, 'a@example.com'), (2, 'a@example.com'), (3, 'b@example.com');
INSERT INTO inventory VALUES ('A-100', 1);
INSERT INTO documents VALUES (7, 'old text', 3);
INSERT INTO dim_date VALUES (20260105, 2026, 1);
INSERT INTO dim_product VALUES (1, 'books');
INSERT INTO fact_sales VALUES (20260105, 1, 30);
INSERT INTO staging_customer VALUES (1, 'ann@example.org', 'Oslo');
